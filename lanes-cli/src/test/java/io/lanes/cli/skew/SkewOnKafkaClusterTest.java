package io.lanes.cli.skew;

import io.lanes.testkit.KafkaClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The skew scenarios on a 3-node Apache Kafka KRaft cluster (shared by every class of the run). */
class SkewOnKafkaClusterTest extends SkewScenarios {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = KafkaClusterExtension.shared();

    @Override
    protected String bootstrapServers() {
        return CLUSTER.bootstrapServers();
    }
}
