package io.lanes.cli.skew;

import io.lanes.testkit.LanesExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The skew scenarios on an embedded Lanes broker. */
class SkewOnLanesTest extends SkewScenarios {

    @RegisterExtension
    static final LanesExtension LANES = LanesExtension.builder().build();

    @Override
    protected String bootstrapServers() {
        return LANES.bootstrapServers();
    }
}
