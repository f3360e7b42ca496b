package io.lanes.cli.records;

import io.lanes.testkit.LanesExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The produce/consume scenarios on an embedded Lanes broker. */
class RecordsCommandOnLanesTest extends RecordsCommandScenarios {

    @RegisterExtension
    static final LanesExtension LANES = LanesExtension.builder()
            .brokerConfig("group.initial.rebalance.delay.ms", "0") // as Kafka's own integration tests: no 3 s wait per group
            .build();

    @Override
    protected String bootstrapServers() {
        return LANES.bootstrapServers();
    }
}
