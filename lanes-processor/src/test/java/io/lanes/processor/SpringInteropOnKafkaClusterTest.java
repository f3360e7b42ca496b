package io.lanes.processor;

import io.lanes.testkit.KafkaClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Spring Kafka header comparisons on a 3-node Apache Kafka KRaft cluster (shared by every class of the run). */
class SpringInteropOnKafkaClusterTest extends SpringInteropScenarios {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = KafkaClusterExtension.shared();

    @Override
    protected String bootstrapServers() {
        return CLUSTER.bootstrapServers();
    }
}
