package io.lanes.cli.plan;

import io.lanes.testkit.LanesExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The plan scenarios on an embedded Lanes broker. */
class PlanOnLanesTest extends PlanScenarios {

    @RegisterExtension
    static final LanesExtension LANES = LanesExtension.builder()
            .brokerConfig("group.initial.rebalance.delay.ms", "0") // as Kafka's own integration tests: no 3 s wait per group
            .build();

    @Override
    protected String bootstrapServers() {
        return LANES.bootstrapServers();
    }
}
