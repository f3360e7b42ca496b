package io.lanes.ops.lag;

import io.lanes.testkit.KafkaClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lag scenarios on a 3-node Apache Kafka KRaft cluster (shared by every class of the run). */
class LagOnKafkaClusterTest extends LagScenarios {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = KafkaClusterExtension.shared();

    @Override
    protected String bootstrapServers() {
        return CLUSTER.bootstrapServers();
    }
}
