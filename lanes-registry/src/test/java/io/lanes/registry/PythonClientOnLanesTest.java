package io.lanes.registry;

import io.lanes.testkit.LanesExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Python client's flow over an embedded Lanes broker. */
class PythonClientOnLanesTest extends PythonClientScenarios {

    @RegisterExtension
    static final LanesExtension LANES = LanesExtension.builder().build();

    @Override
    protected String bootstrapServers() {
        return LANES.bootstrapServers();
    }
}
