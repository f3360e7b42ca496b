package io.lanes.registry;

import io.lanes.testkit.KafkaClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The REST conformance scenarios over a 3-node Apache Kafka KRaft cluster (shared by every class of the run). */
class RestConformanceOnKafkaClusterTest extends RestConformanceScenarios {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = KafkaClusterExtension.shared();

    @Override
    protected String bootstrapServers() {
        return CLUSTER.bootstrapServers();
    }
}
