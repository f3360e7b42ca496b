package io.lanes.registry;

import io.lanes.testkit.LanesExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JavaScript client's flow over an embedded Lanes broker. */
class JavaScriptClientOnLanesTest extends JavaScriptClientScenarios {

    @RegisterExtension
    static final LanesExtension LANES = LanesExtension.builder().build();

    @Override
    protected String bootstrapServers() {
        return LANES.bootstrapServers();
    }
}
