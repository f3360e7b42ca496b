package io.lanes.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lanes.registry.RestClient.Reply;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.lanes.registry.RestClient.schema;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Confluent Schema Registry's REST API, endpoint by endpoint and error by error, on a registry
 * over a fresh topic of the broker the subclass gives. Status codes, {@code error_code}s and
 * messages are Confluent's.
 */
abstract class RestConformanceScenarios {
    private static final String USER = "users-value";

    protected abstract String bootstrapServers();

    private RegistryServer server;
    private RestClient rest;
    private String topic;

    @BeforeEach
    void startRegistry() {
        topic = "_schemas-" + UUID.randomUUID();
        server = RegistryServer.start(RegistryConfig.of(bootstrapServers(), "127.0.0.1", 0).withTopic(topic)
                .withMaxBodyBytes(64 * 1024));
        rest = new RestClient(server.url());
    }

    @AfterEach
    void stopRegistry() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldCreateOneCompactedPartitionWhenTheFirstSchemaIsRegistered() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            // given a registry that served reads only
            assertThat(rest.get("/subjects").json().toString()).isEqualTo("[]");
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).as("reads create nothing")
                    .doesNotContain(topic);

            // when
            rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V1));

            // then
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(description.partitions()).hasSize(1);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void shouldGiveTheSameIdWhenTheSameSchemaIsRegisteredTwice() {
        // when
        Reply first = rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V1));
        Reply second = rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V1.replace(",", ", ")));

        // then
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(second.json().get("id").asInt()).isEqualTo(first.json().get("id").asInt());
        assertThat(rest.get("/subjects/" + USER + "/versions").json()).hasSize(1);
    }

    @Test
    void shouldReuseTheIdWhenAnIdenticalSchemaIsRegisteredUnderAnotherSubject() {
        // given
        int id = rest.post("/subjects/a-value/versions", schema(Schemas.USER_V1)).json().get("id").asInt();
        int other = rest.post("/subjects/b-value/versions", schema(Schemas.USER_V2)).json().get("id").asInt();

        // when
        Reply reused = rest.post("/subjects/c-value/versions", schema(Schemas.USER_V1));

        // then
        assertThat(reused.json().get("id").asInt()).isEqualTo(id);
        assertThat(other).isNotEqualTo(id);
        assertThat(rest.get("/schemas/ids/" + id + "/versions").json().toString())
                .isEqualTo("[{\"subject\":\"a-value\",\"version\":1},{\"subject\":\"c-value\",\"version\":1}]");
        assertThat(rest.get("/schemas/ids/" + id + "/subjects").json().toString()).isEqualTo("[\"a-value\",\"c-value\"]");
    }

    @Test
    void shouldServeSubjectsVersionsAndSchemasWhenRegistered() {
        // given
        int v1 = rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V1)).json().get("id").asInt();
        int v2 = rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V2)).json().get("id").asInt();

        // when
        Reply subjects = rest.get("/subjects");
        Reply versions = rest.get("/subjects/" + USER + "/versions");
        Reply first = rest.get("/subjects/" + USER + "/versions/1");
        Reply latest = rest.get("/subjects/" + USER + "/versions/latest");
        Reply latestRaw = rest.get("/subjects/" + USER + "/versions/latest/schema");
        Reply byId = rest.get("/schemas/ids/" + v1);
        Reply byIdRaw = rest.get("/schemas/ids/" + v2 + "/schema");

        // then
        assertThat(subjects.json().toString()).isEqualTo("[\"" + USER + "\"]");
        assertThat(versions.json().toString()).isEqualTo("[1,2]");
        assertThat(first.json().get("subject").asText()).isEqualTo(USER);
        assertThat(first.json().get("version").asInt()).isEqualTo(1);
        assertThat(first.json().get("id").asInt()).isEqualTo(v1);
        assertThat(first.json().get("schema").asText()).isEqualTo(Schemas.USER_V1);
        assertThat(first.json().has("schemaType")).as("AVRO is left out, as Confluent does").isFalse();
        assertThat(latest.json().get("version").asInt()).isEqualTo(2);
        assertThat(latestRaw.json()).isEqualTo(RestClient.JSON.valueToTree(parse(Schemas.USER_V2)));
        assertThat(byId.json().get("schema").asText()).isEqualTo(Schemas.USER_V1);
        assertThat(byIdRaw.text()).isEqualTo(Schemas.USER_V2);
        assertThat(rest.get("/schemas/types").json().toString()).isEqualTo("[\"JSON\",\"AVRO\"]");
        assertThat(rest.get("/").json().toString()).isEqualTo("{}");
    }

    @Test
    void shouldFindTheVersionWhenASchemaIsLookedUpUnderItsSubject() {
        // given
        rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V1));
        int id = rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V2)).json().get("id").asInt();

        // when
        Reply found = rest.post("/subjects/" + USER, schema(Schemas.USER_V2));
        Reply unknownSchema = rest.post("/subjects/" + USER, schema(Schemas.USER_V3_INCOMPATIBLE));
        Reply unknownSubject = rest.post("/subjects/nobody", schema(Schemas.USER_V1));

        // then
        assertThat(found.json().get("id").asInt()).isEqualTo(id);
        assertThat(found.json().get("version").asInt()).isEqualTo(2);
        assertThat(found.json().get("subject").asText()).isEqualTo(USER);
        assertError(unknownSchema, 404, 40403, "Schema not found");
        assertError(unknownSubject, 404, 40401, "Subject 'nobody' not found.");
    }

    @Test
    void shouldRefuseAnIncompatibleSchemaWith409AndStoreNothingWhenBackward() {
        // given
        rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V1));
        rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V2));

        // when
        Reply refused = rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V3_INCOMPATIBLE));

        // then
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo(409);
        assertThat(refused.json().get("message").asText())
                .startsWith("Schema being registered is incompatible with an earlier schema for subject \"" + USER + "\"")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("{oldSchemaVersion: 2}");
        assertThat(rest.get("/subjects/" + USER + "/versions").json().toString()).isEqualTo("[1,2]");
    }

    @Test
    void shouldExplainTheVerdictWhenCompatibilityIsTestedVerbosely() {
        // given
        rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V1));

        // when
        Reply compatible = rest.post("/compatibility/subjects/" + USER + "/versions/latest", schema(Schemas.USER_V2));
        Reply incompatible = rest.post("/compatibility/subjects/" + USER + "/versions/1?verbose=true",
                schema(Schemas.USER_V3_INCOMPATIBLE));
        Reply againstAll = rest.post("/compatibility/subjects/" + USER + "/versions?verbose=true",
                schema(Schemas.USER_V2));
        Reply missingVersion = rest.post("/compatibility/subjects/" + USER + "/versions/7", schema(Schemas.USER_V2));
        Reply newSubject = rest.post("/compatibility/subjects/fresh/versions/latest", schema(Schemas.USER_V2));

        // then
        assertThat(compatible.json().toString()).isEqualTo("{\"is_compatible\":true}");
        assertThat(incompatible.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(incompatible.json().get("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("{compatibility: 'BACKWARD'}");
        assertThat(againstAll.json().toString()).isEqualTo("{\"is_compatible\":true,\"messages\":[]}");
        assertError(missingVersion, 404, 40402, "Version 7 not found.");
        assertThat(newSubject.json().get("is_compatible").asBoolean()).isTrue();
    }

    @Test
    void shouldApplyTheSubjectLevelOverTheGlobalOneWhenConfigured() {
        // given
        rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V1));

        // when
        Reply global = rest.get("/config");
        Reply unset = rest.get("/config/" + USER);
        Reply fallback = rest.get("/config/" + USER + "?defaultToGlobal=true");
        Reply set = rest.put("/config/" + USER, "{\"compatibility\":\"none\"}");
        Reply registered = rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V3_INCOMPATIBLE));
        Reply subjectLevel = rest.get("/config/" + USER);
        Reply deleted = rest.delete("/config/" + USER);
        Reply globalSet = rest.put("/config", "{\"compatibility\":\"FULL_TRANSITIVE\"}");
        Reply invalid = rest.put("/config", "{\"compatibility\":\"SIDEWAYS\"}");

        // then
        assertThat(global.json().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertError(unset, 404, 40408, "Subject '" + USER + "' does not have subject-level compatibility configured");
        assertThat(fallback.json().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(set.json().toString()).isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(registered.status()).isEqualTo(200);
        assertThat(subjectLevel.json().toString()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(deleted.json().toString()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertError(rest.get("/config/" + USER), 404, 40408, null);
        assertThat(globalSet.json().toString()).isEqualTo("{\"compatibility\":\"FULL_TRANSITIVE\"}");
        assertThat(rest.get("/config").json().toString()).isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");
        assertError(invalid, 422, 42203, "Invalid compatibility level. Valid values are none, backward, forward, full, "
                + "backward_transitive, forward_transitive, and full_transitive");
        assertThat(rest.delete("/config").json().toString()).isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");
        assertThat(rest.get("/config").json().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    }

    @Test
    void shouldAnswerConfluentsErrorAndStoreNothingWhenTheInputIsBad() {
        // when
        Reply malformed = rest.post("/subjects/" + USER + "/versions", "{\"schema\": ");
        Reply unparsable = rest.post("/subjects/" + USER + "/versions", schema("{\"type\":\"record\",\"name\":\"X\"}"));
        Reply badDefault = rest.post("/subjects/" + USER + "/versions", schema("{\"type\":\"record\",\"name\":\"X\","
                + "\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"default\":\"nope\"}]}"));
        Reply unknownType = rest.post("/subjects/" + USER + "/versions", schema("{}", "XML"));
        Reply emptySchema = rest.post("/subjects/" + USER + "/versions", "{}");
        Reply badJsonSchema = rest.post("/subjects/" + USER + "/versions", schema("{\"type\":5}", "JSON"));
        Reply oversized = rest.post("/subjects/" + USER + "/versions",
                schema("\"" + "x".repeat(70 * 1024) + "\""));
        Reply wrongMediaType = rest.postRaw("/subjects/" + USER + "/versions", "text/plain",
                RestClient.JSON.valueToTree(schema(Schemas.USER_V1)).toString().getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo(400);
        assertThat(malformed.json().get("message").asText()).isNotBlank();
        assertError(unparsable, 422, 42201, null);
        assertThat(unparsable.json().get("message").asText()).startsWith("Invalid schema");
        assertError(badDefault, 422, 42201, null);
        assertError(unknownType, 422, 42201, "Invalid schema type XML");
        assertError(emptySchema, 422, 42201, "Empty schema");
        assertError(badJsonSchema, 422, 42201, null);
        assertError(oversized, 413, 413, "Request body larger than 65536 bytes");
        assertError(wrongMediaType, 415, 415, "HTTP 415 Unsupported Media Type");
        assertThat(rest.get("/subjects?deleted=true").json().toString()).isEqualTo("[]");
    }

    @Test
    void shouldAnswerConfluentsNotFoundErrorsWhenNothingMatches() {
        // given
        rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V1));

        // then
        assertError(rest.get("/subjects/nobody/versions"), 404, 40401, "Subject 'nobody' not found.");
        assertError(rest.get("/subjects/nobody/versions/1"), 404, 40401, "Subject 'nobody' not found.");
        assertError(rest.get("/subjects/" + USER + "/versions/9"), 404, 40402, "Version 9 not found.");
        assertError(rest.get("/schemas/ids/999"), 404, 40403, "Schema 999 not found");
        assertError(rest.get("/schemas/ids/999/versions"), 404, 40403, "Schema 999 not found");
        assertError(rest.get("/subjects/" + USER + "/versions/0"), 422, 42202, "The specified version '0' is not a "
                + "valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
        assertError(rest.get("/subjects/" + USER + "/versions/first"), 422, 42202, null);
        assertError(rest.get("/nowhere"), 404, 404, "HTTP 404 Not Found");
        assertError(rest.put("/subjects", "{}"), 405, 405, "HTTP 405 Method Not Allowed");
    }

    @Test
    void shouldHardDeleteOnlyAfterASoftDeleteWhenDeletingVersionsAndSubjects() {
        // given
        rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V1));
        rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V2));

        // when / then: a version
        assertError(rest.delete("/subjects/" + USER + "/versions/1?permanent=true"), 404, 40407,
                "Subject '" + USER + "' Version 1 was not deleted first before being permanently deleted");
        assertThat(rest.delete("/subjects/" + USER + "/versions/1").json().asInt()).isEqualTo(1);
        assertError(rest.delete("/subjects/" + USER + "/versions/1"), 404, 40406,
                "Subject '" + USER + "' Version 1 was soft deleted.Set permanent=true to delete permanently");
        assertThat(rest.get("/subjects/" + USER + "/versions").json().toString()).isEqualTo("[2]");
        assertThat(rest.get("/subjects/" + USER + "/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
        assertThat(rest.get("/subjects/" + USER + "/versions/1?deleted=true").status()).isEqualTo(200);
        assertError(rest.get("/subjects/" + USER + "/versions/1"), 404, 40402, "Version 1 not found.");
        assertThat(rest.delete("/subjects/" + USER + "/versions/1?permanent=true").json().asInt()).isEqualTo(1);
        assertError(rest.get("/subjects/" + USER + "/versions/1?deleted=true"), 404, 40402, null);

        // when / then: the subject
        assertError(rest.delete("/subjects/" + USER + "?permanent=true"), 404, 40405,
                "Subject '" + USER + "' was not deleted first before being permanently deleted");
        assertThat(rest.delete("/subjects/" + USER).json().toString()).isEqualTo("[2]");
        assertError(rest.delete("/subjects/" + USER), 404, 40404,
                "Subject '" + USER + "' was soft deleted.Set permanent=true to delete permanently");
        assertThat(rest.get("/subjects").json().toString()).isEqualTo("[]");
        assertThat(rest.get("/subjects?deleted=true").json().toString()).isEqualTo("[\"" + USER + "\"]");
        assertError(rest.get("/subjects/" + USER + "/versions"), 404, 40401, null);
        assertThat(rest.delete("/subjects/" + USER + "?permanent=true").json().toString()).isEqualTo("[2]");
        assertThat(rest.get("/subjects?deleted=true").json().toString()).isEqualTo("[]");
        assertError(rest.delete("/subjects/" + USER), 404, 40401, "Subject '" + USER + "' not found.");
    }

    @Test
    void shouldRefuseWritesWhenReadOnlyAndKeepIdsWhenImporting() {
        // given
        Reply readOnly = rest.put("/mode", "{\"mode\":\"READONLY\"}");

        // when
        Reply refused = rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V1));
        Reply invalid = rest.put("/mode", "{\"mode\":\"SOMETIMES\"}");
        rest.put("/mode", "{\"mode\":\"IMPORT\"}");
        ObjectNode imported = schema(Schemas.USER_V1).put("id", 42).put("version", 3);
        Reply kept = rest.post("/subjects/" + USER + "/versions", imported);
        rest.put("/mode", "{\"mode\":\"READWRITE\"}");

        // then
        assertThat(readOnly.json().toString()).isEqualTo("{\"mode\":\"READONLY\"}");
        assertError(refused, 422, 42205, "Subject " + USER + " is in read-only mode");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42204);
        assertThat(kept.json().get("id").asInt()).isEqualTo(42);
        assertThat(rest.get("/subjects/" + USER + "/versions/3").json().get("id").asInt()).isEqualTo(42);
        assertThat(rest.get("/mode").json().toString()).isEqualTo("{\"mode\":\"READWRITE\"}");
        assertThat(rest.post("/subjects/other/versions", schema(Schemas.USER_V2)).json().get("id").asInt())
                .isEqualTo(43);
        assertThat(rest.put("/mode", "{\"mode\":\"IMPORT\"}").errorCode()).as("import only into an empty registry")
                .isEqualTo(42205);
    }

    @Test
    void shouldSetAModeForOneSubjectWhenAskedAndAnswerInTheTypeAsked() {
        // when
        Reply unset = rest.get("/mode/" + USER);
        Reply set = rest.put("/mode/" + USER, "{\"mode\":\"READONLY\"}");
        Reply refused = rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V1));
        Reply elsewhere = rest.post("/subjects/other/versions", schema(Schemas.USER_V1));
        Reply subjectMode = rest.get("/mode/" + USER);
        Reply deleted = rest.delete("/mode/" + USER);
        Reply plainJson = rest.get("/mode", "application/json");
        Reply v1Json = rest.get("/mode", "application/vnd.schemaregistry.v1+json");

        // then
        assertError(unset, 404, 40409, "Subject '" + USER + "' does not have subject-level mode configured");
        assertThat(set.json().toString()).isEqualTo("{\"mode\":\"READONLY\"}");
        assertError(refused, 422, 42205, "Subject " + USER + " is in read-only mode");
        assertThat(elsewhere.status()).isEqualTo(200);
        assertThat(subjectMode.json().toString()).isEqualTo("{\"mode\":\"READONLY\"}");
        assertThat(deleted.json().toString()).isEqualTo("{\"mode\":\"READONLY\"}");
        assertThat(rest.post("/subjects/" + USER + "/versions", schema(Schemas.USER_V1)).status()).isEqualTo(200);
        assertThat(plainJson.contentType()).isEqualTo("application/json");
        assertThat(v1Json.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(plainJson.json().toString()).isEqualTo("{\"mode\":\"READWRITE\"}");
    }

    @Test
    void shouldResolveReferencesAndKeepReferencedVersionsWhenRegistering() {
        // given
        String address = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"io.example\",\"fields\":["
                + "{\"name\":\"street\",\"type\":\"string\"}]}";
        String customer = "{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"io.example\",\"fields\":["
                + "{\"name\":\"home\",\"type\":\"io.example.Address\"}]}";
        int addressId = rest.post("/subjects/address/versions", schema(address)).json().get("id").asInt();
        ObjectNode withReference = schema(customer);
        ArrayNode references = withReference.putArray("references");
        references.addObject().put("name", "io.example.Address").put("subject", "address").put("version", 1);

        // when
        Reply registered = rest.post("/subjects/customer/versions", withReference);
        Reply dangling = rest.post("/subjects/customer/versions", schema(customer));

        // then
        int id = registered.json().get("id").asInt();
        assertThat(id).isNotEqualTo(addressId);
        JsonNode byId = rest.get("/schemas/ids/" + id).json();
        assertThat(byId.get("references").toString())
                .isEqualTo("[{\"name\":\"io.example.Address\",\"subject\":\"address\",\"version\":1}]");
        assertThat(rest.get("/subjects/address/versions/1/referencedby").json().toString()).isEqualTo("[" + id + "]");
        assertThat(rest.post("/subjects/customer", withReference).json().get("id").asInt()).isEqualTo(id);
        assertError(dangling, 422, 42201, null);
        assertError(rest.delete("/subjects/address/versions/1"), 422, 42206, null);
    }

    @Test
    void shouldRegisterJsonSchemasAndJudgeTheirCompatibilityWhenTypeIsJson() {
        // given
        int id = rest.post("/subjects/events-value/versions", schema(Schemas.JSON_V1, "JSON")).json().get("id").asInt();

        // when
        Reply evolved = rest.post("/subjects/events-value/versions", schema(Schemas.JSON_V2, "JSON"));
        Reply refused = rest.post("/subjects/events-value/versions", schema(Schemas.JSON_V3_INCOMPATIBLE, "JSON"));
        Reply version = rest.get("/subjects/events-value/versions/1");

        // then
        assertThat(evolved.status()).isEqualTo(200);
        assertThat(evolved.json().get("id").asInt()).isNotEqualTo(id);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("message").asText()).contains("TYPE_CHANGED");
        assertThat(version.json().get("schemaType").asText()).isEqualTo("JSON");
        assertThat(rest.get("/schemas/ids/" + id).json().get("schemaType").asText()).isEqualTo("JSON");
    }

    private static void assertError(Reply reply, int status, int errorCode, String message) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.errorCode()).as(reply.text()).isEqualTo(errorCode);
        if (message != null) {
            assertThat(reply.json().get("message").asText()).isEqualTo(message);
        }
    }

    private static Object parse(String json) {
        try {
            return RestClient.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
