package io.lanes.conformance.streams;

import io.lanes.conformance.java.ConformanceBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exactly-once failover scenario of {@link ExactlyOnceScenario} with the KIP-1071 streams rebalance protocol
 * ({@code group.protocol=streams}): the broker initialises the topology, creates the repartition and changelog
 * topics and assigns the tasks. Only the failover scenario runs here (it covers counts, windows and a killed
 * instance); the single-instance one stays with the classic protocol, so CI time grows by one scenario. Session
 * timeout and heartbeat interval are the broker's group.streams.* configs, set like the classic variant's
 * consumer configs (6 s, 1 s).
 */
class StreamsProtocolExactlyOnceConformanceTest extends ExactlyOnceScenario {

    @RegisterExtension
    static final ConformanceBroker broker = ConformanceBroker.builder()
            .brokerConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
            .brokerConfig("group.coordinator.rebalance.protocols", "classic,consumer,streams")
            .brokerConfig("group.streams.min.session.timeout.ms", "6000")
            .brokerConfig("group.streams.session.timeout.ms", "6000")
            .brokerConfig("group.streams.min.heartbeat.interval.ms", "1000")
            .brokerConfig("group.streams.heartbeat.interval.ms", "1000")
            .build();

    @Override
    ConformanceBroker broker() {
        return broker;
    }

    @Test
    void shouldStillCountEveryOrderExactlyOnceWithTheStreamsProtocolWhenAnInstanceIsKilledAndTheOtherTakesOver()
            throws Exception {
        survivorCountsEveryOrderOnceAfterAKill("streams-failover-", "streams");
    }
}
