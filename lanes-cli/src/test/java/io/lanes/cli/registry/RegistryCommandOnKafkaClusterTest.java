package io.lanes.cli.registry;

import io.lanes.testkit.KafkaClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code lanes registry} over a 3-node Apache Kafka KRaft cluster (shared by every class of the run). */
class RegistryCommandOnKafkaClusterTest extends RegistryCommandScenarios {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = KafkaClusterExtension.shared();

    @Override
    protected String bootstrapServers() {
        return CLUSTER.bootstrapServers();
    }
}
