package io.lanes.conformance.differential;

import io.lanes.testkit.BrokerUnderTest;

/**
 * What a client does against one broker, returning what it observed as plain comparable data
 * (records, lists, maps, strings; no topic names, ids or wall-clock times, which differ between
 * runs by design).
 *
 * @param <T> the observation
 */
@FunctionalInterface
public interface Scenario<T> {
    T run(BrokerUnderTest broker) throws Exception;
}
