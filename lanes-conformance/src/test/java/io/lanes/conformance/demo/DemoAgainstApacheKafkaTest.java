package io.lanes.conformance.demo;

import io.lanes.testkit.ApacheKafkaExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lanes demo --bootstrap} against a real Apache Kafka: the reference that shows the demo's
 * checks hold on a correct broker (so a failure on Lanes is Lanes' fault, not the demo's).
 */
class DemoAgainstApacheKafkaTest {

    @RegisterExtension
    static ApacheKafkaExtension kafka = ApacheKafkaExtension.builder().build();

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldPassEveryCheckWhenRunAgainstApacheKafkaWithTheClassicProtocol() {
        // when
        DemoRunner.Result result = DemoRunner.runSmall("--bootstrap", kafka.bootstrapServers());

        // then
        assertThat(result.out())
                .contains("billing: 3,000 of 3,000 events", "analytics: 3,000 of 3,000 events")
                .contains("billing, billing-4 joined at", "billing, billing-1 left at")
                .contains("each order was paid exactly once")
                .contains(DemoRunner.PROCESSOR_STAGE_PASSES)
                .containsPattern(DemoRunner.THROUGHPUTS)
                .contains("RESULT: PASS - all 11 checks hold");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldPassEveryCheckWhenRunAgainstApacheKafkaWithTheKip848Protocol() {
        // when
        DemoRunner.Result result = DemoRunner.runSmall("--bootstrap", kafka.bootstrapServers(), "--protocol", "consumer");

        // then
        assertThat(result.out())
                .contains("KIP-848 consumer protocol")
                .contains("billing, billing-4 joined at", "billing, billing-1 left at")
                .contains("each order was paid exactly once")
                .contains(DemoRunner.PROCESSOR_STAGE_PASSES)
                .containsPattern(DemoRunner.THROUGHPUTS)
                .contains("RESULT: PASS - all 11 checks hold");
        assertThat(result.exitCode()).isZero();
    }
}
