package io.lanes.conformance.differential;

import static io.lanes.conformance.java.Clients.admin;

import io.lanes.conformance.java.Clients;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterClientQuotasOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AlterClientQuotas and DescribeClientQuotas answer as Apache Kafka answers: the same entities stored, the same
 * per-entity errors with the same messages for bad keys, values and entities, {@code validateOnly} storing nothing,
 * and the same matches and filter errors for each kind of filter.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClientQuotasDifferentialTest {

    @RegisterExtension
    static BothBrokers brokers = BothBrokers.withDefaults();

    @Test
    void shouldAlterAndDescribeClientQuotasAsKafkaDoes() throws Exception {
        // given
        Scenario<Map<String, Object>> quotas = broker -> {
            Map<String, Object> steps = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                steps.put("valid", alter(admin, false,
                        alteration(entity("user", "alice"), set("producer_byte_rate", 1024), set("consumer_byte_rate", 2048)),
                        alteration(entity("client-id", null), set("request_percentage", 50.5)),
                        alteration(entity("user", "alice", "client-id", "app"), set("controller_mutation_rate", 10)),
                        alteration(entity("user", null, "client-id", null), set("producer_byte_rate", 1000)),
                        alteration(entity("ip", "127.0.0.1"), set("connection_creation_rate", 5)),
                        alteration(entity("ip", null), set("connection_creation_rate", 50))));
                steps.put("invalid", alter(admin, false,
                        alteration(entity("user", "bad-key"), set("no_such_quota", 1)),
                        alteration(entity("user", "negative"), set("producer_byte_rate", -1)),
                        alteration(entity("user", "zero"), set("request_percentage", 0)),
                        alteration(entity("user", "fraction"), set("producer_byte_rate", 1.5)),
                        alteration(entity("client-id", "too-large"), set("consumer_byte_rate", 1e20)),
                        alteration(entity("ip", "127.0.0.1", "user", "mixed"), set("connection_creation_rate", 1)),
                        alteration(entity("ip", "127.0.0.2"), set("producer_byte_rate", 1)),
                        alteration(entity("ip", "127.0.0.3"), set("connection_creation_rate", 1.5)),
                        alteration(entity("user", ""), set("producer_byte_rate", 1)),
                        alteration(entity("group", "g"), set("producer_byte_rate", 1)),
                        alteration(entity("user", "dup"), set("producer_byte_rate", 1), set("producer_byte_rate", 2))));
                steps.put("validate only", alter(admin, true,
                        alteration(entity("user", "validated"), set("producer_byte_rate", 5)),
                        alteration(entity("user", "validated-bad"), set("producer_byte_rate", 0.5))));
                steps.put("removals", alter(admin, false,
                        alteration(entity("client-id", null), remove("request_percentage"), remove("no_such_quota")),
                        alteration(entity("user", "alice"), remove("consumer_byte_rate"))));
                awaitRemoved(admin, entity("client-id", null));
                steps.put("all", describe(admin, ClientQuotaFilter.all()));
                steps.put("alice, strict", describe(admin, ClientQuotaFilter.containsOnly(
                        List.of(ClientQuotaFilterComponent.ofEntity("user", "alice")))));
                steps.put("alice", describe(admin, ClientQuotaFilter.contains(
                        List.of(ClientQuotaFilterComponent.ofEntity("user", "alice")))));
                steps.put("default user", describe(admin, ClientQuotaFilter.contains(
                        List.of(ClientQuotaFilterComponent.ofDefaultEntity("user")))));
                steps.put("any client id", describe(admin, ClientQuotaFilter.contains(
                        List.of(ClientQuotaFilterComponent.ofEntityType("client-id")))));
                steps.put("any ip, strict", describe(admin, ClientQuotaFilter.containsOnly(
                        List.of(ClientQuotaFilterComponent.ofEntityType("ip")))));
                steps.put("unknown type", describe(admin, ClientQuotaFilter.contains(
                        List.of(ClientQuotaFilterComponent.ofEntityType("group")))));
                steps.put("ip with user", describe(admin, ClientQuotaFilter.contains(List.of(
                        ClientQuotaFilterComponent.ofEntityType("ip"), ClientQuotaFilterComponent.ofEntity("user", "a")))));
                steps.put("type twice", describe(admin, ClientQuotaFilter.contains(List.of(
                        ClientQuotaFilterComponent.ofEntityType("user"), ClientQuotaFilterComponent.ofEntity("user", "a")))));
            }
            return steps;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(quotas);

        // then
        observed.assertLanesMatchesKafka();
    }

    private static ClientQuotaEntity entity(String... typeAndName) {
        Map<String, String> entries = new HashMap<>();
        for (int i = 0; i < typeAndName.length; i += 2) {
            entries.put(typeAndName[i], typeAndName[i + 1]);
        }
        return new ClientQuotaEntity(entries);
    }

    private static ClientQuotaAlteration.Op set(String key, double value) {
        return new ClientQuotaAlteration.Op(key, value);
    }

    private static ClientQuotaAlteration.Op remove(String key) {
        return new ClientQuotaAlteration.Op(key, null);
    }

    private static ClientQuotaAlteration alteration(ClientQuotaEntity entity, ClientQuotaAlteration.Op... ops) {
        return new ClientQuotaAlteration(entity, List.of(ops));
    }

    /** Each entity's outcome, by entity: "ok" or the error's type and message. */
    private static Map<String, String> alter(Admin admin, boolean validateOnly, ClientQuotaAlteration... alterations) {
        Map<ClientQuotaEntity, KafkaFuture<Void>> results = admin.alterClientQuotas(List.of(alterations),
                new AlterClientQuotasOptions().validateOnly(validateOnly)).values();
        Map<String, String> outcomes = new TreeMap<>();
        results.forEach((entity, result) -> {
            try {
                result.get(30, TimeUnit.SECONDS);
                outcomes.put(name(entity), "ok");
            } catch (Exception e) {
                Throwable cause = Clients.unwrap(e);
                outcomes.put(name(entity), cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
        });
        return outcomes;
    }

    /** The matching entities and their quotas, sorted, or the error's type and message. */
    private static Object describe(Admin admin, ClientQuotaFilter filter) {
        try {
            Map<String, Map<String, Double>> described = new TreeMap<>();
            admin.describeClientQuotas(filter).entities().get(30, TimeUnit.SECONDS)
                    .forEach((entity, values) -> described.put(name(entity), new TreeMap<>(values)));
            return described;
        } catch (Exception e) {
            Throwable cause = Clients.unwrap(e);
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
    }

    /** Kafka serves DescribeClientQuotas from metadata that follows the controller's log: waits for a change. */
    private static void awaitRemoved(Admin admin, ClientQuotaEntity entity) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (admin.describeClientQuotas(ClientQuotaFilter.all()).entities().get(30, TimeUnit.SECONDS)
                .containsKey(entity) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** {@code type=name} pairs sorted by type, {@code <default>} for the default entity. */
    private static String name(ClientQuotaEntity entity) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(entity.entries()).forEach((type, name) -> parts.add(type + "=" + (name == null ? "<default>" : name)));
        return String.join(",", parts);
    }
}
