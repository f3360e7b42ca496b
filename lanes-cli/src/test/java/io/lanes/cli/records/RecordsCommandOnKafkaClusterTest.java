package io.lanes.cli.records;

import io.lanes.testkit.KafkaClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The produce/consume scenarios on a 3-node Apache Kafka KRaft cluster (shared by every class of the run). */
class RecordsCommandOnKafkaClusterTest extends RecordsCommandScenarios {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = KafkaClusterExtension.shared();

    @Override
    protected String bootstrapServers() {
        return CLUSTER.bootstrapServers();
    }
}
