package io.lanes.registry;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed article 001's schema evolution flow with Confluent's JavaScript client
 * {@code @confluentinc/schemaregistry} (its Avro serdes) and kafkajs, against a registry over the
 * broker the subclass gives. The packages come from npm into a cache outside the repository
 * ({@code .ci/install-registry-js}); {@code LANES_REGISTRY_JS} names that directory.
 */
abstract class JavaScriptClientScenarios {
    private static final String INSTALL = "LANES_REGISTRY_JS";

    protected abstract String bootstrapServers();

    private RegistryServer server;

    @BeforeEach
    void startRegistry() {
        server = RegistryServer.start(RegistryConfig.of(bootstrapServers(), "127.0.0.1", 0));
    }

    @AfterEach
    void stopRegistry() {
        server.close();
    }

    @Test
    void shouldRegisterEvolveAndRefuseWhenConfluentsJavaScriptClientDrivesTheRegistry() throws Exception {
        // given
        String install = System.getenv(INSTALL);
        ExternalClients.require(install != null && Files.isDirectory(Path.of(install, "node_modules",
                "@confluentinc", "schemaregistry")), INSTALL + " must name the directory .ci/install-registry-js "
                + "installed @confluentinc/schemaregistry and kafkajs into (run it, then export " + INSTALL + ")");
        String topic = "js-users-" + UUID.randomUUID();

        // when
        String out = ExternalClients.run(List.of("node", ExternalClients.resource("clients/js_client.js").toString(),
                server.url(), bootstrapServers(), topic, Schemas.USER_V1, Schemas.USER_V2,
                Schemas.USER_V3_INCOMPATIBLE), Map.of("NODE_PATH", Path.of(install, "node_modules").toString()));

        // then
        JsonNode seen = RestClient.JSON.readTree(out);
        int id1 = seen.get("id1").asInt();
        int id2 = seen.get("id2").asInt();
        assertThat(seen.get("latest1").toString()).isEqualTo("{\"id\":" + id1 + ",\"version\":1}");
        assertThat(seen.get("v2Compatible").asBoolean()).isTrue();
        assertThat(id2).isNotEqualTo(id1);
        assertThat(seen.get("v3Compatible").asBoolean()).isFalse();
        assertThat(seen.get("v3").toString()).isEqualTo("{\"status\":409,\"errorCode\":409}");
        assertThat(seen.get("v3Auto").toString()).as("the schema the serializer derives is incompatible too")
                .isEqualTo("{\"status\":409,\"errorCode\":409}");
        assertThat(seen.get("versions").toString()).isEqualTo("[1,2]");
        assertThat(seen.get("consumed").toString()).isEqualTo("[{\"schemaId\":" + id1
                + ",\"value\":{\"id\":1,\"name\":\"ada\",\"email\":null}},{\"schemaId\":" + id2
                + ",\"value\":{\"id\":2,\"name\":\"bob\",\"email\":\"bob@example.com\"}}]");
    }
}
