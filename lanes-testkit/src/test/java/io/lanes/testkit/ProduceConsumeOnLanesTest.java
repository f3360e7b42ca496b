package io.lanes.testkit;

import org.junit.jupiter.api.extension.RegisterExtension;

class ProduceConsumeOnLanesTest extends ProduceConsumeScenario {

    @RegisterExtension
    static LanesExtension lanes = LanesExtension.builder().build();

    @Override
    BrokerUnderTest broker() {
        return lanes;
    }
}
