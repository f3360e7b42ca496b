package io.lanes.processor;

import io.lanes.testkit.KafkaClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The exactly-once output scenarios on a 3-node Apache Kafka KRaft cluster (shared by every class of the run). */
class TransactionalOnKafkaClusterTest extends TransactionalScenarios {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = KafkaClusterExtension.shared();

    @Override
    protected String bootstrapServers() {
        return CLUSTER.bootstrapServers();
    }
}
