package io.lanes.cli.plan;

import io.lanes.testkit.KafkaClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The plan scenarios on a 3-node Apache Kafka KRaft cluster (shared by every class of the run). */
class PlanOnKafkaClusterTest extends PlanScenarios {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = KafkaClusterExtension.shared();

    @Override
    protected String bootstrapServers() {
        return CLUSTER.bootstrapServers();
    }
}
