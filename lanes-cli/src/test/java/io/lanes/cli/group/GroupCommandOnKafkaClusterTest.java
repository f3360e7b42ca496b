package io.lanes.cli.group;

import io.lanes.testkit.KafkaClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The group command scenarios on a 3-node Apache Kafka KRaft cluster (shared by every class of the run). */
class GroupCommandOnKafkaClusterTest extends GroupCommandScenarios {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = KafkaClusterExtension.shared();

    @Override
    protected String bootstrapServers() {
        return CLUSTER.bootstrapServers();
    }
}
