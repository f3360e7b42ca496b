package io.lanes.cli.topic;

import io.lanes.testkit.KafkaClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The topic command scenarios on a 3-node Apache Kafka KRaft cluster (shared by every class of the run). */
class TopicCommandOnKafkaClusterTest extends TopicCommandScenarios {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = KafkaClusterExtension.shared();

    @Override
    protected String bootstrapServers() {
        return CLUSTER.bootstrapServers();
    }
}
