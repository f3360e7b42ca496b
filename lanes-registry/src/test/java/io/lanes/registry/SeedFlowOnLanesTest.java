package io.lanes.registry;

import io.lanes.testkit.LanesExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Java seed flow over an embedded Lanes broker. */
class SeedFlowOnLanesTest extends SeedFlowScenarios {

    @RegisterExtension
    static final LanesExtension LANES = LanesExtension.builder().build();

    @Override
    protected String bootstrapServers() {
        return LANES.bootstrapServers();
    }
}
