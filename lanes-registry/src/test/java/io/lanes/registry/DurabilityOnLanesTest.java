package io.lanes.registry;

import io.lanes.testkit.LanesExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.lanes.registry.RestClient.schema;
import static org.assertj.core.api.Assertions.assertThat;

/** The durability scenarios over an embedded Lanes broker, plus a restart of the broker itself. */
class DurabilityOnLanesTest extends DurabilityScenarios {

    @RegisterExtension
    static final LanesExtension LANES = LanesExtension.builder().build();

    @Override
    protected String bootstrapServers() {
        return LANES.bootstrapServers();
    }

    @Test
    void shouldServeEverythingAgainWhenTheBrokerAndTheRegistryRestart() throws Exception {
        // given
        RegistryServer first = startRegistry();
        int id = new RestClient(first.url()).post("/subjects/users-value/versions", schema(Schemas.USER_V1)).json()
                .get("id").asInt();
        stop(first);

        // when
        LANES.restart();
        RestClient after = new RestClient(startRegistry().url());

        // then
        assertThat(after.get("/subjects/users-value/versions/latest").json().get("id").asInt()).isEqualTo(id);
        assertThat(after.get("/schemas/ids/" + id).json().get("schema").asText()).isEqualTo(Schemas.USER_V1);
    }
}
