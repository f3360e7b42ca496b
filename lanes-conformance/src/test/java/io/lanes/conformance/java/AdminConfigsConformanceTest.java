package io.lanes.conformance.java;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.eventually;
import static io.lanes.conformance.java.Clients.failureOf;
import static io.lanes.conformance.java.Clients.topicName;
import static org.assertj.core.api.Assertions.assertThat;

/** DescribeConfigs, IncrementalAlterConfigs and AlterConfigs for topics and the broker. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AdminConfigsConformanceTest {

    @RegisterExtension
    static ConformanceBroker broker = ConformanceBroker.builder().brokerConfig("num.partitions", "2").build();

    @Test
    void shouldDescribeKafkaDefaultsWhenTopicHasNoOverrides() throws Exception {
        // given
        String topic = topicName("defaults");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1);

            // when
            Config config = describe(admin, topicResource(topic));

            // then
            assertDefault(config, "cleanup.policy", "delete");
            assertDefault(config, "retention.ms", "604800000");
            assertDefault(config, "retention.bytes", "-1");
            assertDefault(config, "segment.bytes", "1073741824");
            assertDefault(config, "max.message.bytes", "1048588");
            // Apache Kafka reports min.insync.replicas=1 as DYNAMIC_DEFAULT_BROKER_CONFIG: KRaft's
            // storage format writes it as a cluster-wide dynamic default. Only the value is checked.
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
            assertDefault(config, "compression.type", "producer");
            assertDefault(config, "message.timestamp.type", "CreateTime");
            assertDefault(config, "segment.ms", "604800000");
        }
    }

    @Test
    void shouldDescribeOverridesAsDynamicTopicConfigWhenSetAtCreation() throws Exception {
        // given
        String topic = topicName("overrides");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1, Map.of("retention.ms", "1234567", "max.message.bytes", "4096"));

            // when
            Config config = describe(admin, topicResource(topic));

            // then
            assertDynamic(config, "retention.ms", "1234567");
            assertDynamic(config, "max.message.bytes", "4096");
            assertDefault(config, "cleanup.policy", "delete");
        }
    }

    @Test
    void shouldSetAndRemoveOverrideWhenIncrementallyAlteringTopicConfig() throws Exception {
        // given
        String topic = topicName("incremental");
        ConfigResource resource = topicResource(topic);
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1, Map.of("segment.ms", "3600000"));

            // when
            admin.incrementalAlterConfigs(Map.of(resource, List.of(
                    new AlterConfigOp(new ConfigEntry("retention.ms", "7200000"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("segment.ms", null), AlterConfigOp.OpType.DELETE)))).all().get();

            // then
            Config config = eventually(() -> describe(admin, resource),
                    c -> "7200000".equals(c.get("retention.ms").value()) && c.get("segment.ms").isDefault());
            assertDynamic(config, "retention.ms", "7200000");
            assertDefault(config, "segment.ms", "604800000");
        }
    }

    @Test
    void shouldAppendAndSubtractListValuesWhenIncrementallyAlteringCleanupPolicy() throws Exception {
        // given
        String topic = topicName("append");
        ConfigResource resource = topicResource(topic);
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1);

            // when
            admin.incrementalAlterConfigs(Map.of(resource, List.of(
                    new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND))))
                    .all().get();
            String appended = eventually(() -> describe(admin, resource).get("cleanup.policy").value(),
                    value -> value.contains("compact"));
            admin.incrementalAlterConfigs(Map.of(resource, List.of(
                    new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SUBTRACT))))
                    .all().get();
            String subtracted = eventually(() -> describe(admin, resource).get("cleanup.policy").value(),
                    value -> !value.contains("delete"));

            // then
            assertThat(appended).isEqualTo("delete,compact");
            assertThat(subtracted).isEqualTo("compact");
        }
    }

    @Test
    void shouldReplaceAllOverridesWhenAlteringTopicConfigNonIncrementally() throws Exception {
        // given
        String topic = topicName("legacy-alter");
        ConfigResource resource = topicResource(topic);
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1, Map.of("retention.ms", "1000000"));

            // when
            ApiError error = RawRequests.alterConfigs(broker, resource, Map.of("segment.bytes", "1048576"));

            // then
            assertThat(error.error()).isEqualTo(Errors.NONE);
            Config config = eventually(() -> describe(admin, resource),
                    c -> "1048576".equals(c.get("segment.bytes").value()));
            assertDynamic(config, "segment.bytes", "1048576");
            assertDefault(config, "retention.ms", "604800000");
        }
    }

    @Test
    void shouldReplaceDynamicBrokerConfigsWhenAlteringBrokerConfigNonIncrementally() throws Exception {
        try (Admin admin = admin(broker)) {
            // given
            ConfigResource node = brokerResource(admin);

            // when
            ApiError set = RawRequests.alterConfigs(broker, node, Map.of("log.retention.ms", "43200000"));
            ConfigEntry afterSet = eventually(() -> describe(admin, node).get("log.retention.ms"),
                    entry -> "43200000".equals(entry.value()));
            ApiError cleared = RawRequests.alterConfigs(broker, node, Map.of());
            ConfigEntry afterClear = eventually(() -> describe(admin, node).get("log.retention.ms"),
                    entry -> entry.source() != ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);

            // then
            assertThat(set.error()).isEqualTo(Errors.NONE);
            assertThat(afterSet.value()).isEqualTo("43200000");
            assertThat(afterSet.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
            assertThat(cleared.error()).isEqualTo(Errors.NONE);
            assertThat(afterClear.source()).isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
        }
    }

    @Test
    void shouldFailWithInvalidConfigurationWhenSettingInvalidTopicConfigValue() throws Exception {
        // given
        String topic = topicName("invalid-value");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1);

            // when
            Throwable failure = failureOf(() -> admin.incrementalAlterConfigs(Map.of(topicResource(topic), List.of(
                    new AlterConfigOp(new ConfigEntry("retention.ms", "not-a-number"), AlterConfigOp.OpType.SET))))
                    .all().get());

            // then
            assertThat(failure).isInstanceOf(InvalidConfigurationException.class);
            assertDefault(describe(admin, topicResource(topic)), "retention.ms", "604800000");
        }
    }

    @Test
    void shouldFailWithInvalidConfigurationWhenCreatingTopicWithUnknownCleanupPolicy() throws Exception {
        try (Admin admin = admin(broker)) {
            // when
            Throwable failure = failureOf(() -> createTopic(admin, topicName("bad-policy"), 1,
                    Map.of("cleanup.policy", "shred")));

            // then
            assertThat(failure).isInstanceOf(InvalidConfigurationException.class);
        }
    }

    @Test
    void shouldFailWithUnknownTopicWhenDescribingConfigsOfMissingTopic() throws Exception {
        try (Admin admin = admin(broker)) {
            // when
            Throwable failure = failureOf(() -> describe(admin, topicResource(topicName("missing"))));

            // then
            assertThat(failure).isInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void shouldDescribeStaticAndDefaultBrokerConfigsWhenDescribingBroker() throws Exception {
        try (Admin admin = admin(broker)) {
            // given
            ConfigResource node = brokerResource(admin);

            // when
            Config config = describe(admin, node);

            // then
            assertThat(config.get("num.partitions").value()).isEqualTo("2");
            assertThat(config.get("num.partitions").source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
            assertThat(config.get("message.max.bytes").value()).isEqualTo("1048588");
            assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("true");
            assertThat(config.get("log.retention.hours").value()).isEqualTo("168");
        }
    }

    @Test
    void shouldReportDynamicBrokerConfigWhenIncrementallyAlteringBroker() throws Exception {
        try (Admin admin = admin(broker)) {
            // given
            ConfigResource node = brokerResource(admin);

            // when
            admin.incrementalAlterConfigs(Map.of(node, List.of(
                    new AlterConfigOp(new ConfigEntry("log.retention.ms", "86400000"), AlterConfigOp.OpType.SET))))
                    .all().get();
            ConfigEntry set = eventually(() -> describe(admin, node).get("log.retention.ms"),
                    entry -> "86400000".equals(entry.value()));
            admin.incrementalAlterConfigs(Map.of(node, List.of(
                    new AlterConfigOp(new ConfigEntry("log.retention.ms", null), AlterConfigOp.OpType.DELETE))))
                    .all().get();
            ConfigEntry removed = eventually(() -> describe(admin, node).get("log.retention.ms"),
                    entry -> entry.source() != ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);

            // then
            assertThat(set.value()).isEqualTo("86400000");
            assertThat(set.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
            assertThat(removed.source()).isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
        }
    }

    @Test
    void shouldFailWithInvalidRequestWhenAlteringReadOnlyBrokerConfig() throws Exception {
        try (Admin admin = admin(broker)) {
            // given
            ConfigResource node = brokerResource(admin);

            // when
            Throwable failure = failureOf(() -> admin.incrementalAlterConfigs(Map.of(node, List.of(
                    new AlterConfigOp(new ConfigEntry("log.dirs", "/elsewhere"), AlterConfigOp.OpType.SET))))
                    .all().get());

            // then
            assertThat(failure).isInstanceOf(InvalidRequestException.class);
        }
    }

    private static ConfigResource topicResource(String topic) {
        return new ConfigResource(ConfigResource.Type.TOPIC, topic);
    }

    private static ConfigResource brokerResource(Admin admin) throws Exception {
        int nodeId = admin.describeCluster().nodes().get().iterator().next().id();
        return new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(nodeId));
    }

    private static Config describe(Admin admin, ConfigResource resource) throws Exception {
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    private static void assertDefault(Config config, String name, String value) {
        ConfigEntry entry = config.get(name);
        assertThat(entry).as(name).isNotNull();
        assertThat(entry.value()).as(name).isEqualTo(value);
        assertThat(entry.source()).as("source of " + name).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(entry.isDefault()).as(name + " is default").isTrue();
    }

    private static void assertDynamic(Config config, String name, String value) {
        ConfigEntry entry = config.get(name);
        assertThat(entry).as(name).isNotNull();
        assertThat(entry.value()).as(name).isEqualTo(value);
        assertThat(entry.source()).as("source of " + name).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(entry.isDefault()).as(name + " is default").isFalse();
    }
}
