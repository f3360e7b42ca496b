package io.lanes.cli.lag;

import io.lanes.testkit.LanesExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code lanes lag} and {@code lanes ops serve} on an embedded Lanes broker. */
class LagCommandOnLanesTest extends LagCommandScenarios {

    @RegisterExtension
    static final LanesExtension LANES = LanesExtension.builder().build();

    @Override
    protected String bootstrapServers() {
        return LANES.bootstrapServers();
    }
}
