package io.lanes.testkit;

import org.junit.jupiter.api.extension.RegisterExtension;

class ProduceConsumeOnKafkaClusterTest extends ProduceConsumeScenario {

    @RegisterExtension
    static KafkaClusterExtension cluster = KafkaClusterExtension.shared();

    @Override
    BrokerUnderTest broker() {
        return cluster;
    }
}
