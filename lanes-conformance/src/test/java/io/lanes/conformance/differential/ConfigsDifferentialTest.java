package io.lanes.conformance.differential;

import io.lanes.conformance.java.RawRequests;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.eventually;
import static io.lanes.conformance.java.Clients.topicName;

/** DescribeConfigs, IncrementalAlterConfigs and the legacy AlterConfigs for topics and the broker. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConfigsDifferentialTest {

    /**
     * Broker keys whose value depends on the machine or the deployment rather than on
     * behaviour, left out of broker comparisons.
     */
    private static final Set<String> ENVIRONMENT_KEYS = Set.of("log.dirs", "log.dir", "listeners",
            "advertised.listeners", "node.id", "broker.id", "lanes.durability", "process.roles",
            "controller.quorum.voters", "controller.listener.names", "listener.security.protocol.map",
            "inter.broker.listener.name", "num.network.threads", "num.io.threads", "background.threads",
            "log.cleaner.dedupe.buffer.size", "offsets.topic.num.partitions", "transaction.state.log.num.partitions",
            "offsets.topic.replication.factor", "transaction.state.log.replication.factor",
            "transaction.state.log.min.isr", "share.coordinator.state.topic.replication.factor",
            "share.coordinator.state.topic.min.isr", "group.initial.rebalance.delay.ms");

    /** Broker keys every Kafka user relies on; both brokers must describe them alike. */
    private static final List<String> CORE_BROKER_KEYS = List.of("num.partitions", "default.replication.factor",
            "auto.create.topics.enable", "delete.topic.enable", "message.max.bytes", "log.segment.bytes",
            "log.retention.hours", "log.retention.minutes", "log.retention.ms", "log.retention.bytes",
            "log.roll.hours", "log.roll.ms", "log.cleanup.policy", "compression.type", "log.message.timestamp.type",
            "min.insync.replicas", "log.index.interval.bytes", "log.index.size.max.bytes",
            "log.flush.interval.messages", "log.flush.interval.ms", "socket.request.max.bytes",
            "log.retention.check.interval.ms");

    @RegisterExtension
    static BothBrokers brokers = BothBrokers.builder().brokerConfig("num.partitions", "2").build();

    @Test
    void shouldDescribeTheSameTopicConfigKeysWhenTopicHasNoOverrides() throws Exception {
        // given
        Scenario<Set<String>> keys = broker -> {
            String topic = topicName("keys");
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, 1);
                return new TreeSet<>(describe(admin, topicResource(topic)).keySet());
            }
        };

        // when
        Observations<Set<String>> observed = brokers.observe(keys);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldDescribeTheSameTopicDefaultsForKeysBothKnow() throws Exception {
        // given
        Scenario<Map<String, String>> defaults = broker -> {
            String topic = topicName("defaults");
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, 1);
                return describe(admin, topicResource(topic));
            }
        };

        // when
        Observations<Map<String, String>> observed = brokers.observe(defaults);

        // then
        commonKeys(observed).assertLanesMatchesKafka();
    }

    @Test
    void shouldDescribeTheSameTopicConfigsAfterCreationOverridesAndAlterations() throws Exception {
        // given
        Scenario<Map<String, Object>> alterations = broker -> {
            String topic = topicName("altered");
            ConfigResource resource = topicResource(topic);
            Map<String, Object> steps = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, 1, Map.of("retention.ms", "3600000", "cleanup.policy", "compact",
                        "max.message.bytes", "4096", "segment.bytes", "1048576"));
                steps.put("created", pick(describe(admin, resource)));
                steps.put("set retention.ms, delete segment.bytes", Outcome.ofAction(() -> alter(admin, resource,
                        new AlterConfigOp(new ConfigEntry("retention.ms", "7200000"), AlterConfigOp.OpType.SET),
                        new AlterConfigOp(new ConfigEntry("segment.bytes", null), AlterConfigOp.OpType.DELETE))));
                steps.put("after set/delete", pick(eventually(() -> describe(admin, resource),
                        c -> c.get("retention.ms").startsWith("7200000"))));
                steps.put("append delete", Outcome.ofAction(() -> alter(admin, resource,
                        new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.APPEND))));
                steps.put("after append", pick(eventually(() -> describe(admin, resource),
                        c -> c.get("cleanup.policy").contains("delete"))));
                steps.put("subtract compact", Outcome.ofAction(() -> alter(admin, resource,
                        new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.SUBTRACT))));
                steps.put("after subtract", pick(eventually(() -> describe(admin, resource),
                        c -> !c.get("cleanup.policy").contains("compact"))));
                steps.put("delete a key never set", Outcome.ofAction(() -> alter(admin, resource,
                        new AlterConfigOp(new ConfigEntry("segment.ms", null), AlterConfigOp.OpType.DELETE))));
                steps.put("set unknown key", Outcome.ofAction(() -> alter(admin, resource,
                        new AlterConfigOp(new ConfigEntry("no.such.config", "1"), AlterConfigOp.OpType.SET))));
                steps.put("set non-numeric retention.ms", Outcome.ofAction(() -> alter(admin, resource,
                        new AlterConfigOp(new ConfigEntry("retention.ms", "soon"), AlterConfigOp.OpType.SET))));
                steps.put("set cleanup.policy=shred", Outcome.ofAction(() -> alter(admin, resource,
                        new AlterConfigOp(new ConfigEntry("cleanup.policy", "shred"), AlterConfigOp.OpType.SET))));
                steps.put("append to a non-list key", Outcome.ofAction(() -> alter(admin, resource,
                        new AlterConfigOp(new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.APPEND))));
                steps.put("after rejected alterations", pick(describe(admin, resource)));
                steps.put("legacy AlterConfigs replacing all", RawRequests.alterConfigs(broker, resource,
                        Map.of("segment.ms", "600000")).error().name());
                steps.put("after legacy AlterConfigs", pick(eventually(() -> describe(admin, resource),
                        c -> c.get("segment.ms").startsWith("600000"))));
                steps.put("missing topic", Outcome.ofAction(() -> describe(admin, topicResource(topicName("missing")))));
            }
            return steps;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(alterations);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldDescribeCoreBrokerConfigsTheSameWay() throws Exception {
        // given
        Scenario<Map<String, String>> core = broker -> {
            try (Admin admin = admin(broker)) {
                Map<String, String> all = describe(admin, brokerResource(admin));
                Map<String, String> picked = new TreeMap<>();
                for (String key : CORE_BROKER_KEYS) {
                    picked.put(key, all.getOrDefault(key, "(not described)"));
                }
                return picked;
            }
        };

        // when
        Observations<Map<String, String>> observed = brokers.observe(core);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldDescribeTheSameBrokerConfigsForKeysBothKnow() throws Exception {
        // given
        Scenario<Map<String, String>> all = broker -> {
            try (Admin admin = admin(broker)) {
                Map<String, String> described = new TreeMap<>(describe(admin, brokerResource(admin)));
                described.keySet().removeAll(ENVIRONMENT_KEYS);
                return described;
            }
        };

        // when
        Observations<Map<String, String>> observed = brokers.observe(all);

        // then
        commonKeys(observed).assertLanesMatchesKafka();
    }

    @Test
    void shouldAnswerTheSameWhenAlteringBrokerConfigs() throws Exception {
        // given
        Scenario<Map<String, Object>> brokerAlterations = broker -> {
            Map<String, Object> steps = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                ConfigResource node = brokerResource(admin);
                ConfigResource clusterDefault = new ConfigResource(ConfigResource.Type.BROKER, "");
                steps.put("set log.retention.ms on the node", Outcome.ofAction(() -> alter(admin, node,
                        new AlterConfigOp(new ConfigEntry("log.retention.ms", "86400000"), AlterConfigOp.OpType.SET))));
                steps.put("described", eventually(() -> describe(admin, node).get("log.retention.ms"),
                        v -> v.startsWith("86400000")));
                steps.put("delete it", Outcome.ofAction(() -> alter(admin, node,
                        new AlterConfigOp(new ConfigEntry("log.retention.ms", null), AlterConfigOp.OpType.DELETE))));
                steps.put("described after delete", eventually(() -> describe(admin, node).get("log.retention.ms"),
                        v -> v.startsWith("null")));
                steps.put("set cluster-wide default", Outcome.ofAction(() -> alter(admin, clusterDefault,
                        new AlterConfigOp(new ConfigEntry("log.retention.ms", "172800000"), AlterConfigOp.OpType.SET))));
                steps.put("node sees cluster default", eventually(() -> describe(admin, node).get("log.retention.ms"),
                        v -> v.startsWith("172800000")));
                String topic = topicName("inherits");
                createTopic(admin, topic, 1);
                steps.put("new topic inherits", eventually(() -> describe(admin, topicResource(topic)).get("retention.ms"),
                        v -> v.startsWith("172800000")));
                steps.put("delete cluster-wide default", Outcome.ofAction(() -> alter(admin, clusterDefault,
                        new AlterConfigOp(new ConfigEntry("log.retention.ms", null), AlterConfigOp.OpType.DELETE))));
                steps.put("set read-only log.dirs", Outcome.ofAction(() -> alter(admin, node,
                        new AlterConfigOp(new ConfigEntry("log.dirs", "/elsewhere"), AlterConfigOp.OpType.SET))));
                steps.put("set unknown broker key", Outcome.ofAction(() -> alter(admin, node,
                        new AlterConfigOp(new ConfigEntry("no.such.broker.config", "1"), AlterConfigOp.OpType.SET))));
                steps.put("set non-numeric message.max.bytes", Outcome.ofAction(() -> alter(admin, node,
                        new AlterConfigOp(new ConfigEntry("message.max.bytes", "big"), AlterConfigOp.OpType.SET))));
                steps.put("describe unknown node", Outcome.ofAction(() -> admin.describeConfigs(
                        List.of(new ConfigResource(ConfigResource.Type.BROKER, "42")),
                        new DescribeConfigsOptions().timeoutMs(2000)).all().get()));
            }
            return steps;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(brokerAlterations);

        // then
        observed.assertLanesMatchesKafka();
    }

    /** The observations restricted to the keys both brokers described. */
    private static Observations<Map<String, String>> commonKeys(Observations<Map<String, String>> observed) {
        Map<String, String> kafka = new TreeMap<>(observed.kafka());
        Map<String, String> lanes = new TreeMap<>(observed.lanes());
        kafka.keySet().retainAll(observed.lanes().keySet());
        lanes.keySet().retainAll(observed.kafka().keySet());
        return new Observations<>(kafka, lanes);
    }

    /** The topic keys these scenarios touch. */
    private static Map<String, String> pick(Map<String, String> config) {
        Map<String, String> picked = new TreeMap<>();
        for (String key : List.of("retention.ms", "cleanup.policy", "max.message.bytes", "segment.bytes", "segment.ms")) {
            picked.put(key, config.get(key));
        }
        return picked;
    }

    private static void alter(Admin admin, ConfigResource resource, AlterConfigOp... ops) throws Exception {
        admin.incrementalAlterConfigs(Map.of(resource, List.of(ops))).all().get();
    }

    private static ConfigResource topicResource(String topic) {
        return new ConfigResource(ConfigResource.Type.TOPIC, topic);
    }

    private static ConfigResource brokerResource(Admin admin) throws Exception {
        int nodeId = admin.describeCluster().nodes().get().iterator().next().id();
        return new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(nodeId));
    }

    /**
     * Every entry as {@code value [source] default/readOnly/sensitive}. The source of
     * {@code min.insync.replicas} is left out: Apache Kafka's KRaft format stores it as a
     * cluster-wide dynamic default, an artefact of its bootstrap rather than behaviour.
     */
    static Map<String, String> describe(Admin admin, ConfigResource resource) throws Exception {
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        Map<String, String> entries = new TreeMap<>();
        for (ConfigEntry entry : config.entries()) {
            String source = entry.name().equals("min.insync.replicas") ? "" : " [" + entry.source() + "]";
            entries.put(entry.name(), entry.value() + source
                    + (entry.isReadOnly() ? " read-only" : "") + (entry.isSensitive() ? " sensitive" : ""));
        }
        return entries;
    }

}
