package io.lanes.cli.topic;

import io.lanes.testkit.LanesExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The topic command scenarios on an embedded Lanes broker. */
class TopicCommandOnLanesTest extends TopicCommandScenarios {

    @RegisterExtension
    static final LanesExtension LANES = LanesExtension.builder().build();

    @Override
    protected String bootstrapServers() {
        return LANES.bootstrapServers();
    }
}
