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
 * Seed article 001's schema evolution flow with python3-confluent-kafka's SchemaRegistryClient
 * (Debian package, run by Debian's /usr/bin/python3) against a registry over the broker the subclass gives:
 * v1 registered, a record produced with it, the backward compatible v2 tested and registered, a
 * record produced with it, the incompatible v3 refused with 409, both records consumed and decoded
 * with v2 (python3-avro).
 */
abstract class PythonClientScenarios {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

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
    void shouldRegisterEvolveAndRefuseWhenPythonsClientDrivesTheRegistry() throws Exception {
        // given
        ExternalClients.require(Files.isExecutable(PYTHON) && ExternalClients.run(List.of(PYTHON.toString(), "-c",
                "import importlib.util as u; print(all(u.find_spec(m) for m in ('confluent_kafka', 'requests', 'avro')))"),
                Map.of()).trim().equals("True"), "/usr/bin/python3 with python3-confluent-kafka, python3-requests and "
                + "python3-avro is needed (Debian packages)");
        String topic = "py-users-" + UUID.randomUUID();

        // when
        String out = ExternalClients.run(List.of(PYTHON.toString(),
                ExternalClients.resource("clients/python_client.py").toString(), server.url(),
                bootstrapServers(), topic, Schemas.USER_V1, Schemas.USER_V2, Schemas.USER_V3_INCOMPATIBLE),
                Map.of());

        // then
        JsonNode seen = RestClient.JSON.readTree(out);
        int id1 = seen.get("id1").asInt();
        int id2 = seen.get("id2").asInt();
        assertThat(seen.get("latest1").toString()).isEqualTo("{\"id\":" + id1 + ",\"version\":1}");
        assertThat(seen.get("again1").asInt()).isEqualTo(id1);
        assertThat(seen.get("v2Compatible").asBoolean()).isTrue();
        assertThat(id2).isNotEqualTo(id1);
        assertThat(seen.get("lookup2").asInt()).isEqualTo(2);
        assertThat(seen.get("v3Compatible").asBoolean()).isFalse();
        assertThat(seen.get("v3").toString()).isEqualTo("{\"status\":409,\"errorCode\":409}");
        assertThat(seen.get("versions").toString()).isEqualTo("[1,2]");
        assertThat(seen.get("subjects").toString()).contains(topic + "-value");
        assertThat(seen.get("consumed").toString()).isEqualTo("[{\"schemaId\":" + id1
                + ",\"value\":{\"id\":1,\"name\":\"ada\",\"email\":null}},{\"schemaId\":" + id2
                + ",\"value\":{\"id\":2,\"name\":\"bob\",\"email\":\"bob@example.com\"}}]");
        assertThat(new RestClient(server.url()).get("/subjects/" + topic + "-value/versions").json().toString())
                .isEqualTo("[1,2]");
    }
}
