package io.lanes.conformance.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.lanes.conformance.harness.BrokerProcess;
import io.lanes.conformance.harness.KafkaTools;
import io.lanes.conformance.harness.ProcessResult;
import io.lanes.conformance.harness.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's own client feature check, {@code org.apache.kafka.tools.ClientCompatibilityTest} (kafka-tools 4.4.0),
 * with the flags Kafka's system test {@code tests/kafkatest/tests/client/client_compatibility_features_test.py}
 * passes for a current broker: every feature supported (create topics, offsetsForTimes, cluster id in the
 * deserializer, describeAcls, describeConfigs, the idempotent producer), no RecordTooLargeException expected.
 * It produces, consumes, lists and describes through the Java producer, consumer and Admin, and exits 0 only if
 * every check passed. The system test runs it on three nodes; here one node, so {@code --num-cluster-nodes 1}
 * and a one-partition topic created first, as the system test does.
 *
 * <p>Without an authorizer Apache Kafka answers DescribeAcls with SECURITY_DISABLED, which the tool accepts.
 */
class ClientCompatibilityToolTest {

    private static final String TOPIC = "client_compat_features_topic";

    @TempDir
    Path workDir;

    @Test
    void shouldPassEveryFeatureCheckWhenRunAgainstApacheKafka() {
        // given
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.Kind.APACHE_KAFKA, workDir.resolve("kafka"),
                Map.of())) {
            // when
            ProcessResult result = runAgainst(broker);

            // then
            assertThat(result.exitCode()).as(result.describe()).isZero();
        }
    }

    @Test
    void shouldPassEveryFeatureCheckWhenRunAgainstLanes() {
        // given
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.Kind.LANES, workDir.resolve("lanes"),
                Map.of())) {
            // when
            ProcessResult result = runAgainst(broker);

            // then
            assertThat(result.exitCode()).as(result.describe()).isZero();
        }
    }

    private ProcessResult runAgainst(BrokerProcess broker) {
        Topics.create(broker.bootstrapServers(), TOPIC, 1);
        KafkaTools tools = new KafkaTools(workDir.resolve("tools"));
        List<String> flags = List.of(
                "--bootstrap-server", broker.bootstrapServers(),
                "--num-cluster-nodes", "1",
                "--topic", TOPIC,
                "--create-topics-supported", "true",
                "--offsets-for-times-supported", "true",
                "--cluster-id-supported", "true",
                "--expect-record-too-large-exception", "false",
                "--describe-acls-supported", "true",
                "--describe-configs-supported", "true",
                "--idempotent-producer-supported", "true");
        return tools.run(KafkaTools.CLIENT_COMPATIBILITY, flags.toArray(String[]::new));
    }
}
