package io.lanes.cli.registry;

import io.lanes.testkit.LanesExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code lanes registry} over an embedded Lanes broker. */
class RegistryCommandOnLanesTest extends RegistryCommandScenarios {

    @RegisterExtension
    static final LanesExtension LANES = LanesExtension.builder().build();

    @Override
    protected String bootstrapServers() {
        return LANES.bootstrapServers();
    }
}
