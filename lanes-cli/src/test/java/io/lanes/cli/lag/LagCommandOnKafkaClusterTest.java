package io.lanes.cli.lag;

import io.lanes.testkit.KafkaClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code lanes lag} and {@code lanes ops serve} on a 3-node Apache Kafka KRaft cluster (shared by the run). */
class LagCommandOnKafkaClusterTest extends LagCommandScenarios {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = KafkaClusterExtension.shared();

    @Override
    protected String bootstrapServers() {
        return CLUSTER.bootstrapServers();
    }
}
