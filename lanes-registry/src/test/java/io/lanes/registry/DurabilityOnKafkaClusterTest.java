package io.lanes.registry;

import io.lanes.testkit.KafkaClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The durability scenarios over a 3-node Apache Kafka KRaft cluster (shared by every class of the run). */
class DurabilityOnKafkaClusterTest extends DurabilityScenarios {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = KafkaClusterExtension.shared();

    @Override
    protected String bootstrapServers() {
        return CLUSTER.bootstrapServers();
    }
}
