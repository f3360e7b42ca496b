package io.lanes.conformance.streams;

import io.lanes.conformance.java.ConformanceBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exactly-once scenarios of {@link ExactlyOnceScenario} with the classic rebalance protocol: Kafka Streams
 * with {@code processing.guarantee=exactly_once_v2}, one instance, and two instances of which one is killed.
 */
class StreamsExactlyOnceConformanceTest extends ExactlyOnceScenario {

    /** A crashed instance's open transaction is aborted after its 5 s timeout; Kafka checks every 10 s by default. */
    @RegisterExtension
    static final ConformanceBroker broker = ConformanceBroker.builder()
            .brokerConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
            .build();

    @Override
    ConformanceBroker broker() {
        return broker;
    }

    @Test
    void shouldCountEveryCompletedOrderExactlyOnceWhenOneInstanceProcessesKnownOrders() throws Exception {
        oneInstanceCountsEveryOrderOnce("single-", "classic");
    }

    @Test
    void shouldStillCountEveryOrderExactlyOnceWhenAnInstanceIsKilledMidStreamAndTheOtherTakesOver() throws Exception {
        survivorCountsEveryOrderOnceAfterAKill("failover-", "classic");
    }
}
