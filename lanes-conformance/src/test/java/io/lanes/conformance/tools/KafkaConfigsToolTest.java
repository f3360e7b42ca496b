package io.lanes.conformance.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lanes.conformance.harness.KafkaTools;
import io.lanes.conformance.harness.ProcessResult;
import io.lanes.conformance.harness.TargetBroker;
import io.lanes.conformance.harness.TargetBrokers;
import io.lanes.conformance.harness.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka-configs.sh} ({@code org.apache.kafka.tools.ConfigCommand}) describing and altering topic configs, and
 * managing users' SCRAM credentials and client quotas ({@code --entity-type users|clients}).
 */
class KafkaConfigsToolTest {

    @TempDir
    static Path workDir;

    private static TargetBroker broker;
    private static KafkaTools tools;

    @BeforeAll
    static void startBroker() {
        broker = TargetBrokers.start(workDir.resolve("broker"));
        tools = new KafkaTools(workDir.resolve("tools"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldShowOnlyTopicOverridesWhenKafkaConfigsDescribesTopic() {
        // given
        String topic = "configs-described";
        Topics.create(broker.bootstrapServers(), topic, 1, Map.of("retention.ms", "3600000"));

        // when
        ProcessResult result = configs(topic, "--describe");

        // then
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe())
                .contains("Dynamic configs for topic " + topic + " are:")
                .contains("retention.ms=3600000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=3600000")
                .doesNotContain("segment.bytes=");
    }

    @Test
    void shouldListDefaultsWhenKafkaConfigsDescribesAllTopicConfigs() {
        // given
        String topic = "configs-all";
        Topics.create(broker.bootstrapServers(), topic, 1);

        // when
        ProcessResult result = configs(topic, "--describe", "--all");

        // then
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe())
                .contains("All configs for topic " + topic + " are:")
                .contains("  cleanup.policy=delete sensitive=false")
                .contains("  retention.ms=604800000 sensitive=false")
                .contains("  max.message.bytes=1048588 sensitive=false")
                .contains("  segment.bytes=1073741824 sensitive=false");
    }

    @Test
    void shouldApplyNewValuesWhenKafkaConfigsAddsConfigs() throws Exception {
        // given
        String topic = "configs-added";
        Topics.create(broker.bootstrapServers(), topic, 1, Map.of("retention.ms", "3600000"));

        // when
        ProcessResult altered = configs(topic, "--alter", "--add-config", "retention.ms=7200000,max.message.bytes=2000000");
        ProcessResult described = configs(topic, "--describe");

        // then
        assertThat(altered.exitCode()).as(altered.describe()).isZero();
        assertThat(altered.stdout()).contains("Completed updating config for topic " + topic + ".");
        assertThat(described.stdout()).as(described.describe())
                .contains("retention.ms=7200000 sensitive=false")
                .contains("max.message.bytes=2000000 sensitive=false");
        Config config = describe(topic);
        assertThat(config.get("retention.ms").value()).isEqualTo("7200000");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("max.message.bytes").value()).isEqualTo("2000000");
    }

    @Test
    void shouldRevertToDefaultWhenKafkaConfigsDeletesConfig() throws Exception {
        // given
        String topic = "configs-deleted";
        Topics.create(broker.bootstrapServers(), topic, 1, Map.of("retention.ms", "3600000", "segment.ms", "600000"));

        // when
        ProcessResult altered = configs(topic, "--alter", "--delete-config", "retention.ms");
        ProcessResult described = configs(topic, "--describe");

        // then
        assertThat(altered.exitCode()).as(altered.describe()).isZero();
        assertThat(described.stdout()).as(described.describe())
                .doesNotContain("retention.ms=")
                .contains("segment.ms=600000");
        Config config = describe(topic);
        assertThat(config.get("retention.ms").value()).isEqualTo("604800000");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void shouldFailWithUnknownConfigWhenKafkaConfigsAddsUnknownName() throws Exception {
        // given
        String topic = "configs-unknown";
        Topics.create(broker.bootstrapServers(), topic, 1);

        // when
        ProcessResult altered = configs(topic, "--alter", "--add-config", "not.a.topic.config=1");

        // then
        assertThat(altered.exitCode()).as(altered.describe()).isNotZero();
        assertThat(altered.stdout() + altered.stderr()).contains("InvalidConfigurationException");
        assertThat(describe(topic).get("not.a.topic.config")).isNull();
    }

    @Test
    void shouldStoreScramCredentialsWhenKafkaConfigsAddsThemToAUser() throws Exception {
        // when
        ProcessResult added = users("eve", "--alter", "--add-config",
                "SCRAM-SHA-256=[iterations=8192,password=eve-secret]");
        ProcessResult addedToo = users("eve", "--alter", "--add-config", "SCRAM-SHA-512=[password=eve-secret]");

        // then
        assertThat(added.exitCode()).as(added.describe()).isZero();
        assertThat(added.stdout()).contains("Completed updating config for user eve.");
        assertThat(addedToo.exitCode()).as(addedToo.describe()).isZero();
        assertThat(scramCredentials("eve")).containsExactlyInAnyOrder("SCRAM-SHA-256:8192", "SCRAM-SHA-512:4096");
    }

    @Test
    void shouldRefuseTwoMechanismsOfOneUserInOneRequestAsKafkaDoes() {
        // when
        ProcessResult added = users("gina", "--alter", "--add-config",
                "SCRAM-SHA-256=[password=gina-secret],SCRAM-SHA-512=[password=gina-secret]");

        // then
        assertThat(added.exitCode()).as(added.describe()).isNotZero();
        assertThat(added.stderr()).contains("DuplicateResourceException: A user credential cannot be altered twice "
                + "in the same request");
    }

    @Test
    void shouldRemoveAScramCredentialWhenKafkaConfigsDeletesIt() throws Exception {
        // given
        users("frank", "--alter", "--add-config", "SCRAM-SHA-256=[password=frank-secret]");
        users("frank", "--alter", "--add-config", "SCRAM-SHA-512=[password=frank-secret]");

        // when
        ProcessResult deleted = users("frank", "--alter", "--delete-config", "SCRAM-SHA-256");

        // then
        assertThat(deleted.exitCode()).as(deleted.describe()).isZero();
        assertThat(scramCredentials("frank")).containsExactly("SCRAM-SHA-512:4096");
    }

    @Test
    void shouldSetClientQuotasWhenKafkaConfigsAltersAClient() throws Exception {
        // when
        ProcessResult added = entity(List.of("--entity-type", "clients", "--entity-name", "quota-app"), "--alter",
                "--add-config", "producer_byte_rate=1048576,consumer_byte_rate=2097152,request_percentage=25.5");
        ProcessResult described = entity(List.of("--entity-type", "clients", "--entity-name", "quota-app"),
                "--describe");

        // then
        assertThat(added.exitCode()).as(added.describe()).isZero();
        assertThat(added.stdout()).contains("Completed updating config for client quota-app.");
        assertThat(described.exitCode()).as(described.describe()).isZero();
        assertThat(described.stdout()).as(described.describe())
                .contains("Quota configs for client-id 'quota-app' are ")
                .contains("producer_byte_rate=1048576.0")
                .contains("consumer_byte_rate=2097152.0")
                .contains("request_percentage=25.5");
        assertThat(quotas(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, "quota-app")))
                .isEqualTo(Map.of(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "quota-app")), Map.of(
                        "producer_byte_rate", 1048576.0, "consumer_byte_rate", 2097152.0, "request_percentage", 25.5)));
    }

    @Test
    void shouldSetUserAndDefaultQuotasWhenKafkaConfigsAltersUsers() throws Exception {
        // given
        users("hana", "--alter", "--add-config", "SCRAM-SHA-256=[password=hana-secret]");

        // when
        ProcessResult userClient = entity(List.of("--entity-type", "users", "--entity-name", "hana",
                "--entity-type", "clients", "--entity-default"), "--alter", "--add-config", "producer_byte_rate=4096");
        ProcessResult user = users("hana", "--alter", "--add-config", "consumer_byte_rate=8192");
        ProcessResult defaults = entity(List.of("--entity-type", "users", "--entity-default"), "--alter",
                "--add-config", "request_percentage=50");
        ProcessResult described = users("hana", "--describe");

        // then
        assertThat(userClient.exitCode()).as(userClient.describe()).isZero();
        assertThat(user.exitCode()).as(user.describe()).isZero();
        assertThat(defaults.exitCode()).as(defaults.describe()).isZero();
        assertThat(described.exitCode()).as(described.describe()).isZero();
        assertThat(described.stdout()).as(described.describe())
                .contains("Quota configs for user-principal 'hana' are consumer_byte_rate=8192.0")
                .contains("SCRAM-SHA-256=iterations=4096");
        assertThat(quotas(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, "hana"))).isEqualTo(Map.of(
                new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, "hana")), Map.of("consumer_byte_rate", 8192.0),
                new ClientQuotaEntity(nullable(ClientQuotaEntity.USER, "hana", ClientQuotaEntity.CLIENT_ID, null)),
                Map.of("producer_byte_rate", 4096.0)));
        assertThat(quotas(ClientQuotaFilterComponent.ofDefaultEntity(ClientQuotaEntity.USER))).isEqualTo(Map.of(
                new ClientQuotaEntity(nullable(ClientQuotaEntity.USER, null)), Map.of("request_percentage", 50.0)));
    }

    @Test
    void shouldRemoveAQuotaWhenKafkaConfigsDeletesIt() throws Exception {
        // given
        List<String> client = List.of("--entity-type", "clients", "--entity-name", "quota-deleted");
        entity(client, "--alter", "--add-config", "producer_byte_rate=1000,consumer_byte_rate=2000");

        // when
        ProcessResult deleted = entity(client, "--alter", "--delete-config", "producer_byte_rate");

        // then
        assertThat(deleted.exitCode()).as(deleted.describe()).isZero();
        assertThat(quotas(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, "quota-deleted")))
                .isEqualTo(Map.of(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "quota-deleted")),
                        Map.of("consumer_byte_rate", 2000.0)));
    }

    /** The quotas of the entities matching the components, through DescribeClientQuotas. */
    private static Map<ClientQuotaEntity, Map<String, Double>> quotas(ClientQuotaFilterComponent... components)
            throws Exception {
        try (Admin admin = Topics.admin(broker.bootstrapServers())) {
            return admin.describeClientQuotas(ClientQuotaFilter.contains(List.of(components))).entities()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** A map of type, name pairs where a name may be null (the default entity). */
    private static Map<String, String> nullable(String... typeAndName) {
        Map<String, String> entries = new java.util.HashMap<>();
        for (int i = 0; i < typeAndName.length; i += 2) {
            entries.put(typeAndName[i], typeAndName[i + 1]);
        }
        return entries;
    }

    private ProcessResult entity(List<String> entity, String... args) {
        List<String> full = new java.util.ArrayList<>(List.of("--bootstrap-server", broker.bootstrapServers()));
        full.addAll(entity);
        full.addAll(List.of(args));
        return tools.run(KafkaTools.CONFIGS, full.toArray(String[]::new));
    }

    /** The user's credentials as {@code mechanism:iterations}, through DescribeUserScramCredentials. */
    private static List<String> scramCredentials(String user) throws Exception {
        try (Admin admin = Topics.admin(broker.bootstrapServers())) {
            return admin.describeUserScramCredentials(List.of(user)).description(user).get(30, TimeUnit.SECONDS)
                    .credentialInfos().stream()
                    .map(info -> info.mechanism().mechanismName() + ":" + info.iterations()).toList();
        }
    }

    private ProcessResult users(String user, String... args) {
        List<String> full = new java.util.ArrayList<>(List.of("--bootstrap-server", broker.bootstrapServers(),
                "--entity-type", "users", "--entity-name", user));
        full.addAll(List.of(args));
        return tools.run(KafkaTools.CONFIGS, full.toArray(String[]::new));
    }

    private ProcessResult configs(String topic, String... args) {
        String[] full = new String[args.length + 6];
        full[0] = "--bootstrap-server";
        full[1] = broker.bootstrapServers();
        full[2] = "--entity-type";
        full[3] = "topics";
        full[4] = "--entity-name";
        full[5] = topic;
        System.arraycopy(args, 0, full, 6, args.length);
        return tools.run(KafkaTools.CONFIGS, full);
    }

    private static Config describe(String topic) throws Exception {
        try (Admin admin = Topics.admin(broker.bootstrapServers())) {
            return admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                    .all().get(30, TimeUnit.SECONDS).values().iterator().next();
        }
    }
}
