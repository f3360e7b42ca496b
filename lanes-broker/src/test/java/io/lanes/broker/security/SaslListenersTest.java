package io.lanes.broker.security;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SASL_PLAINTEXT and SASL_SSL listeners with PLAIN and SCRAM, through the official Java clients. */
class SaslListenersTest {
    private static final String PLAIN_USERS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_bob=\"bob-secret\";";

    @TempDir
    static Path certDir;
    static TestCertificates certs;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.create(certDir);
    }

    private BrokerConfig config(String... extra) {
        Map<String, String> props = new HashMap<>(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "lanes.http.port", "0",
                "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", PLAIN_USERS,
                "listener.name.sasl_ssl.plain.sasl.jaas.config", PLAIN_USERS,
                "ssl.keystore.location", certs.brokerKeystore.toString(),
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.password", TestCertificates.PASSWORD,
                "ssl.key.password", TestCertificates.PASSWORD));
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return BrokerConfig.from(props);
    }

    private static SecureClients saslSsl(LanesBroker broker) {
        return SecureClients.of(broker.bootstrapServers("SASL_SSL"), "SASL_SSL").trusting(certs.clientTruststore);
    }

    private static SecureClients saslPlaintext(LanesBroker broker) {
        return SecureClients.of(broker.bootstrapServers("SASL_PLAINTEXT"), "SASL_PLAINTEXT");
    }

    private static List<Node> nodes(SecureClients clients) throws Exception {
        try (Admin admin = clients.admin()) {
            return List.copyOf(admin.describeCluster().nodes().get());
        }
    }

    private static void createScramUser(LanesBroker broker, ScramMechanism mechanism, String user, String password)
            throws Exception {
        try (Admin admin = SecureClients.of(broker.bootstrapServers("PLAINTEXT"), "PLAINTEXT").admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(mechanism, 4096), password))).all().get();
        }
    }

    private static double authentications(LanesBroker broker, String outcome, String listener) {
        return broker.meterRegistry().get("kafka.server.socket.server.metrics." + outcome + ".authentication")
                .tag("listener", listener).counter().count();
    }

    @Test
    void shouldProduceAndConsumeWithPlainWhenTheUserIsInTheListenersJaasConfig() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config())) {
            // given
            SecureClients bob = saslPlaintext(broker).plain("bob", "bob-secret");
            SecureClients bobOverTls = saslSsl(broker).plain("bob", "bob-secret");

            // when
            bob.produce("plain-topic", 10);
            bobOverTls.produce("plain-topic", 10);

            // then
            assertThat(bob.consume("plain-topic", 20)).hasSize(20);
            assertThat(nodes(bobOverTls)).extracting(Node::port).containsExactly(broker.port("SASL_SSL"));
            assertThat(authentications(broker, "successful", "SASL_PLAINTEXT")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void shouldFailWithKafkasMessageWhenThePlainPasswordIsWrong() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config())) {
            // given
            SecureClients wrong = saslPlaintext(broker).plain("bob", "not-bobs-password");

            // when / then
            assertThatThrownBy(() -> nodes(wrong)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("Authentication failed: Invalid username or password");
            assertThat(authentications(broker, "failed", "SASL_PLAINTEXT")).isGreaterThanOrEqualTo(1);
            assertThat(nodes(saslPlaintext(broker).plain("bob", "bob-secret"))).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM_SHA_256", "SCRAM_SHA_512"})
    void shouldAuthenticateWithScramWhenTheUserWasCreatedThroughTheAdminClient(String name) throws Exception {
        ScramMechanism mechanism = ScramMechanism.valueOf(name);
        try (LanesBroker broker = LanesBroker.start(config())) {
            // given
            createScramUser(broker, mechanism, "carol", "carol-secret");
            SecureClients carol = saslSsl(broker).scram(mechanism.mechanismName(), "carol", "carol-secret");

            // when
            carol.produce("scram-topic", 10);

            // then
            assertThat(carol.consume("scram-topic", 10)).hasSize(10);
            assertThatThrownBy(() -> nodes(saslSsl(broker).scram(mechanism.mechanismName(), "carol", "wrong")))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("Authentication failed during authentication due to invalid credentials "
                            + "with SASL mechanism " + mechanism.mechanismName());
        }
    }

    @Test
    void shouldKeepScramUsersSaltedAndDurableWhenTheBrokerRestarts() throws Exception {
        // given
        try (LanesBroker broker = LanesBroker.start(config())) {
            createScramUser(broker, ScramMechanism.SCRAM_SHA_512, "dave", "dave-secret-password");
        }

        // when
        try (LanesBroker broker = LanesBroker.start(config())) {
            // then
            SecureClients dave = saslPlaintext(broker).scram("SCRAM-SHA-512", "dave", "dave-secret-password");
            assertThat(nodes(dave)).hasSize(1);
            try (Admin admin = dave.admin()) {
                UserScramCredentialsDescription description = admin.describeUserScramCredentials(List.of("dave"))
                        .description("dave").get();
                assertThat(description.credentialInfos()).extracting(ScramCredentialInfo::mechanism)
                        .containsExactly(ScramMechanism.SCRAM_SHA_512);
            }
        }
        String stored = Files.readString(dataDir.resolve("scram-credentials.properties"));
        assertThat(stored).contains("SCRAM-SHA-512\\:dave=salt\\=").doesNotContain("dave-secret-password");
    }

    @Test
    void shouldAnswerUnsupportedSaslMechanismWhenTheClientAsksForAMechanismNotEnabled() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config("listener.name.sasl_plaintext.sasl.enabled.mechanisms",
                "PLAIN"))) {
            // given
            SecureClients scram = saslPlaintext(broker).scram("SCRAM-SHA-256", "bob", "bob-secret");

            // when / then
            assertThatThrownBy(() -> nodes(scram)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(UnsupportedSaslMechanismException.class)
                    .hasMessageContaining("[PLAIN]");
            assertThat(authentications(broker, "failed", "SASL_PLAINTEXT")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void shouldKeepServingWhenTheClientReauthenticatesAfterTheSessionLifetime() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config("connections.max.reauth.ms", "1000"))) {
            // given
            SecureClients bob = saslPlaintext(broker).plain("bob", "bob-secret");

            // when
            try (KafkaProducer<String, String> producer = bob.producer()) {
                for (int i = 0; i < 12; i++) {
                    producer.send(new ProducerRecord<>("reauth-topic", "k", "v" + i)).get();
                    Thread.sleep(250);
                }
            }

            // then: the producer's connection re-authenticated at least once before its session ended
            assertThat(bob.consume("reauth-topic", 12)).hasSize(12);
            assertThat(authentications(broker, "successful", "SASL_PLAINTEXT")).isGreaterThanOrEqualTo(3);
            assertThat(authentications(broker, "failed", "SASL_PLAINTEXT")).isZero();
        }
    }

    @Test
    void shouldHideOnlyPasswordsWhenBrokerConfigsAreDescribed() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config("listener.name.sasl_ssl.ssl.client.auth", "requested"))) {
            // given
            ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(broker.config().nodeId()));

            // when
            Config described;
            try (Admin admin = SecureClients.of(broker.bootstrapServers("PLAINTEXT"), "PLAINTEXT").admin()) {
                described = admin.describeConfigs(List.of(node)).all().get().get(node);
            }

            // then
            for (String secret : List.of("listener.name.sasl_plaintext.plain.sasl.jaas.config", "ssl.keystore.password",
                    "ssl.key.password")) {
                ConfigEntry entry = described.get(secret);
                assertThat(entry).as(secret).isNotNull();
                assertThat(entry.isSensitive()).as(secret).isTrue();
                assertThat(entry.value()).as(secret).isNull();
            }
            Map<String, String> plainSettings = Map.of(
                    "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
                    "ssl.keystore.location", certs.brokerKeystore.toString(),
                    "ssl.keystore.type", "PKCS12",
                    "listener.name.sasl_ssl.ssl.client.auth", "requested");
            plainSettings.forEach((name, value) -> {
                ConfigEntry entry = described.get(name);
                assertThat(entry).as(name).isNotNull();
                assertThat(entry.isSensitive()).as(name).isFalse();
                assertThat(entry.value()).as(name).isEqualTo(value);
            });
        }
    }
}
