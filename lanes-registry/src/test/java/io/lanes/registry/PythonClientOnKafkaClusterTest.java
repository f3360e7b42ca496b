package io.lanes.registry;

import io.lanes.testkit.KafkaClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Python client's flow over a 3-node Apache Kafka KRaft cluster. */
class PythonClientOnKafkaClusterTest extends PythonClientScenarios {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = KafkaClusterExtension.shared();

    @Override
    protected String bootstrapServers() {
        return CLUSTER.bootstrapServers();
    }
}
