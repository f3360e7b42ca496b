package io.lanes.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.lanes.registry.RestClient.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.lanes.registry.RestClient.schema;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry lives in its topic: a restarted registry serves what it served before, and
 * registries over one topic agree, even when they register at the same time. The broker comes
 * from the subclass.
 */
abstract class DurabilityScenarios {
    private static final Duration SETTLE = Duration.ofSeconds(30);

    protected abstract String bootstrapServers();

    protected String topic;
    private final List<RegistryServer> started = new ArrayList<>();

    @BeforeEach
    void pickTopic() {
        topic = "_schemas-" + UUID.randomUUID();
    }

    @AfterEach
    void stopRegistries() {
        started.forEach(RegistryServer::close);
    }

    protected RegistryServer startRegistry() {
        RegistryServer server = RegistryServer.start(RegistryConfig.of(bootstrapServers(), "127.0.0.1", 0)
                .withTopic(topic));
        started.add(server);
        return server;
    }

    protected void stop(RegistryServer server) {
        server.close();
        started.remove(server);
    }

    @Test
    void shouldServeEverythingAgainWhenTheRegistryRestarts() {
        // given
        RegistryServer first = startRegistry();
        RestClient before = new RestClient(first.url());
        int v1 = before.post("/subjects/users-value/versions", schema(Schemas.USER_V1)).json().get("id").asInt();
        int v2 = before.post("/subjects/users-value/versions", schema(Schemas.USER_V2)).json().get("id").asInt();
        before.post("/subjects/gone-value/versions", schema(Schemas.JSON_V1, "JSON"));
        before.delete("/subjects/gone-value");
        before.put("/config/users-value", "{\"compatibility\":\"FULL\"}");
        stop(first);

        // when
        RestClient after = new RestClient(startRegistry().url());

        // then
        assertThat(after.get("/subjects").json().toString()).isEqualTo("[\"users-value\"]");
        assertThat(after.get("/subjects?deleted=true").json().toString()).isEqualTo("[\"gone-value\",\"users-value\"]");
        assertThat(after.get("/subjects/users-value/versions/1").json().get("id").asInt()).isEqualTo(v1);
        assertThat(after.get("/subjects/users-value/versions/latest").json().get("id").asInt()).isEqualTo(v2);
        assertThat(after.get("/config/users-value").json().get("compatibilityLevel").asText()).isEqualTo("FULL");
        assertThat(after.post("/subjects/users-value/versions", schema(Schemas.USER_V2)).json().get("id").asInt())
                .isEqualTo(v2);
        // a field without default is backward incompatible, FULL refuses it; NONE (the subject level unset) would not
        assertThat(after.post("/subjects/users-value/versions", schema(Schemas.USER_V3_INCOMPATIBLE)).status())
                .isEqualTo(409);
        assertThat(after.get("/subjects/users-value/versions").json().toString()).isEqualTo("[1,2]");
        int fresh = after.post("/subjects/orders-value/versions", schema(Schemas.JSON_V2, "JSON")).json().get("id")
                .asInt();
        assertThat(fresh).isGreaterThan(Math.max(v1, v2));
    }

    @Test
    void shouldAgreeOnIdsAndVersionsWhenTwoRegistriesServeOneCluster() {
        // given
        RestClient a = new RestClient(startRegistry().url());
        RestClient b = new RestClient(startRegistry().url());
        RestClient readerOnly = new RestClient(startRegistry().url());

        // when
        int idOnA = a.post("/subjects/users-value/versions", schema(Schemas.USER_V1)).json().get("id").asInt();
        int sameOnB = b.post("/subjects/other-value/versions", schema(Schemas.USER_V1)).json().get("id").asInt();
        int nextOnB = b.post("/subjects/users-value/versions", schema(Schemas.USER_V2)).json().get("id").asInt();

        // then
        assertThat(sameOnB).isEqualTo(idOnA);
        assertThat(nextOnB).isNotEqualTo(idOnA);
        JsonNode latestOnA = eventually(() -> a.get("/subjects/users-value/versions/latest"),
                r -> r.status() == 200 && r.json().get("version").asInt() == 2).json();
        assertThat(latestOnA.get("id").asInt()).isEqualTo(nextOnB);
        assertThat(eventually(() -> a.get("/subjects"), r -> r.json().size() == 2).json().toString())
                .isEqualTo("[\"other-value\",\"users-value\"]");
        assertThat(eventually(() -> readerOnly.get("/subjects"), r -> r.json().size() == 2).json().toString())
                .as("a registry started before the topic existed follows it once created")
                .isEqualTo("[\"other-value\",\"users-value\"]");
    }

    @Test
    void shouldGiveEverySchemaOneIdWhenTwoRegistriesRegisterAtOnce() throws Exception {
        // given
        RestClient a = new RestClient(startRegistry().url());
        RestClient b = new RestClient(startRegistry().url());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Map<String, Future<Integer>> ids = new HashMap<>();
        a.put("/config", "{\"compatibility\":\"NONE\"}");

        // when: the same subjects and schemas through both, interleaved
        try {
            for (int i = 0; i < 8; i++) {
                String body = RestClient.JSON.writeValueAsString(schema(Schemas.USER_V1.replace("\"User\"",
                        "\"User" + i + "\"")));
                String subject = "/subjects/s" + (i % 3) + "-value/versions";
                ids.put("a" + i, pool.submit(() -> a.post(subject, body).json().get("id").asInt()));
                ids.put("b" + i, pool.submit(() -> b.post(subject, body).json().get("id").asInt()));
            }
            for (Future<Integer> id : ids.values()) {
                id.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }

        // then: each schema has one id whichever registry answered, and a third registry sees the same
        RestClient c = new RestClient(startRegistry().url());
        for (int i = 0; i < 8; i++) {
            assertThat(ids.get("a" + i).get()).as("schema %d", i).isEqualTo(ids.get("b" + i).get());
            String expected = c.get("/schemas/ids/" + ids.get("a" + i).get()).json().get("schema").asText();
            assertThat(expected).contains("\"User" + i + "\"");
        }
        assertThat(ids.values().stream().map(this::value).distinct().count()).isEqualTo(8);
        for (String subject : List.of("s0-value", "s1-value", "s2-value")) {
            String onC = c.get("/subjects/" + subject + "/versions").json().toString();
            assertThat(eventually(() -> a.get("/subjects/" + subject + "/versions"),
                    r -> r.json().toString().equals(onC)).json().toString()).isEqualTo(onC);
            assertThat(eventually(() -> b.get("/subjects/" + subject + "/versions"),
                    r -> r.json().toString().equals(onC)).json().toString()).isEqualTo(onC);
            for (JsonNode version : c.get("/subjects/" + subject + "/versions").json()) {
                String path = "/subjects/" + subject + "/versions/" + version.asInt();
                assertThat(a.get(path).json()).isEqualTo(c.get(path).json());
                assertThat(b.get(path).json()).isEqualTo(c.get(path).json());
            }
        }
    }

    private int value(Future<Integer> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the reply satisfies the condition (another instance applies writes as it reads them). */
    protected static Reply eventually(Supplier<Reply> request, java.util.function.Predicate<Reply> done) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Reply reply = request.get();
        while (!done.test(reply) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            reply = request.get();
        }
        return reply;
    }
}
