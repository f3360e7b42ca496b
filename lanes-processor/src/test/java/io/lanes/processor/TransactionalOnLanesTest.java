package io.lanes.processor;

import io.lanes.testkit.LanesExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The exactly-once output scenarios on an embedded Lanes broker. */
class TransactionalOnLanesTest extends TransactionalScenarios {

    @RegisterExtension
    static final LanesExtension LANES = LanesExtension.builder()
            .brokerConfig("group.initial.rebalance.delay.ms", "0")
            .build();

    @Override
    protected String bootstrapServers() {
        return LANES.bootstrapServers();
    }
}
