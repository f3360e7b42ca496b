package io.lanes.broker.security;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SSL listeners beside PLAINTEXT ones, with the official Java clients (one-way and mutual TLS). */
class TlsListenersTest {
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
                "listeners", "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "lanes.http.port", "0",
                "ssl.keystore.location", certs.brokerKeystore.toString(),
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.password", TestCertificates.PASSWORD,
                "ssl.key.password", TestCertificates.PASSWORD));
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return BrokerConfig.from(props);
    }

    private static double failedAuthentications(LanesBroker broker, String listener) {
        return broker.meterRegistry().get("kafka.server.socket.server.metrics.failed.authentication")
                .tag("listener", listener).counter().count();
    }

    @Test
    void shouldProduceAndConsumeOverTlsWhenTheClientTrustsTheBroker() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config())) {
            // given
            SecureClients ssl = SecureClients.of(broker.bootstrapServers("SSL"), "SSL").trusting(certs.clientTruststore);

            // when
            ssl.produce("tls-topic", 20);

            // then
            assertThat(ssl.consume("tls-topic", 20)).hasSize(20).startsWith("v0", "v1");
        }
    }

    @Test
    void shouldAdvertiseTheListenerTheClientConnectedOnWhenSeveralListenersRun() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config())) {
            // given
            SecureClients ssl = SecureClients.of(broker.bootstrapServers("SSL"), "SSL").trusting(certs.clientTruststore);
            SecureClients plaintext = SecureClients.of(broker.bootstrapServers("PLAINTEXT"), "PLAINTEXT");

            // when
            List<Node> overTls = nodes(ssl);
            List<Node> overPlaintext = nodes(plaintext);

            // then
            assertThat(overTls).extracting(Node::port).containsExactly(broker.port("SSL"));
            assertThat(overPlaintext).extracting(Node::port).containsExactly(broker.port("PLAINTEXT"));
            assertThat(broker.port("SSL")).isNotEqualTo(broker.port("PLAINTEXT"));
        }
    }

    private static List<Node> nodes(SecureClients clients) throws Exception {
        try (Admin admin = clients.admin()) {
            DescribeClusterResult cluster = admin.describeCluster();
            return List.copyOf(cluster.nodes().get());
        }
    }

    @Test
    void shouldServeJksAndPemStoresWhenConfiguredTheKafkaWay() throws Exception {
        // given
        Path jksTruststore = TestCertificates.jksCopy(certs.clientTruststore);
        String[] pem = TestCertificates.pem(certs.brokerKeystore, "broker");
        Map<String, String> props = new HashMap<>(config().originals());
        props.remove("ssl.keystore.location");
        props.remove("ssl.keystore.password");
        props.put("ssl.keystore.type", "PEM");
        props.put("ssl.keystore.key", pem[0]);
        props.put("ssl.keystore.certificate.chain", pem[1]);
        props.put("ssl.key.password", "");
        props.remove("ssl.key.password");
        try (LanesBroker broker = LanesBroker.start(BrokerConfig.from(props))) {
            SecureClients ssl = SecureClients.of(broker.bootstrapServers("SSL"), "SSL").trusting(jksTruststore);

            // when
            ssl.produce("pem-topic", 3);

            // then
            assertThat(ssl.consume("pem-topic", 3)).containsExactly("v0", "v1", "v2");
        }
    }

    @Test
    void shouldAcceptAClientCertificateWhenClientAuthIsRequiredAndTheCertificateIsTrusted() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config(
                "listener.name.ssl.ssl.client.auth", "required",
                "listener.name.ssl.ssl.truststore.location", certs.brokerTruststore.toString(),
                "listener.name.ssl.ssl.truststore.type", "PKCS12",
                "listener.name.ssl.ssl.truststore.password", TestCertificates.PASSWORD))) {
            // given
            SecureClients mutual = SecureClients.of(broker.bootstrapServers("SSL"), "SSL")
                    .trusting(certs.clientTruststore).withKeystore(certs.clientKeystore);

            // when
            mutual.produce("mtls-topic", 5);

            // then
            assertThat(mutual.consume("mtls-topic", 5)).hasSize(5);
            assertThat(failedAuthentications(broker, "SSL")).isZero();
        }
    }

    @Test
    void shouldRefuseTheConnectionWhenClientAuthIsRequiredAndTheCertificateIsMissingOrUntrusted() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config(
                "ssl.client.auth", "required",
                "ssl.truststore.location", certs.brokerTruststore.toString(),
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.password", TestCertificates.PASSWORD))) {
            // given
            SecureClients anonymous = SecureClients.of(broker.bootstrapServers("SSL"), "SSL").trusting(certs.clientTruststore);
            SecureClients stranger = SecureClients.of(broker.bootstrapServers("SSL"), "SSL")
                    .trusting(certs.clientTruststore).withKeystore(certs.strangerKeystore);

            // when / then
            assertThatThrownBy(() -> nodes(stranger)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SslAuthenticationException.class);
            assertThatThrownBy(() -> nodes(anonymous)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SslAuthenticationException.class);
            assertThat(failedAuthentications(broker, "SSL")).isGreaterThanOrEqualTo(2);
            assertThat(nodes(SecureClients.of(broker.bootstrapServers("PLAINTEXT"), "PLAINTEXT"))).hasSize(1);
        }
    }

    @Test
    void shouldRefuseAClientWhoseProtocolsOrCipherSuitesTheListenerDoesNotEnable() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config(
                "ssl.enabled.protocols", "TLSv1.3",
                "listener.name.ssl.ssl.cipher.suites", "TLS_AES_256_GCM_SHA384"))) {
            // given
            SecureClients oldProtocol = SecureClients.of(broker.bootstrapServers("SSL"), "SSL")
                    .trusting(certs.clientTruststore).with("ssl.protocol", "TLSv1.2")
                    .with("ssl.enabled.protocols", "TLSv1.2");
            SecureClients otherCipher = SecureClients.of(broker.bootstrapServers("SSL"), "SSL")
                    .trusting(certs.clientTruststore).with("ssl.cipher.suites", "TLS_AES_128_GCM_SHA256");
            SecureClients sameCipher = SecureClients.of(broker.bootstrapServers("SSL"), "SSL")
                    .trusting(certs.clientTruststore).with("ssl.cipher.suites", "TLS_AES_256_GCM_SHA384");

            // when / then
            assertThatThrownBy(() -> nodes(oldProtocol)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SslAuthenticationException.class);
            assertThatThrownBy(() -> nodes(otherCipher)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SslAuthenticationException.class);
            assertThat(nodes(sameCipher)).hasSize(1);
        }
    }

    @Test
    void shouldFailTheClientWhenItDoesNotTrustTheBrokerCertificate() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config())) {
            // given
            SecureClients untrusting = SecureClients.of(broker.bootstrapServers("SSL"), "SSL")
                    .trusting(certs.brokerTruststore);

            // when / then
            assertThatThrownBy(() -> nodes(untrusting)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SslAuthenticationException.class);
            assertThat(failedAuthentications(broker, "SSL")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void shouldCloseOnlyThatConnectionWhenAPlaintextClientSpeaksToTheTlsPort() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config())) {
            // given
            SecureClients confused = SecureClients.of(broker.bootstrapServers("SSL"), "PLAINTEXT")
                    .with("default.api.timeout.ms", 3000).with("request.timeout.ms", 1500);

            // when
            assertThatThrownBy(() -> nodes(confused)).isInstanceOf(ExecutionException.class);

            // then
            assertThat(failedAuthentications(broker, "SSL")).isGreaterThanOrEqualTo(1);
            SecureClients ssl = SecureClients.of(broker.bootstrapServers("SSL"), "SSL").trusting(certs.clientTruststore);
            assertThat(nodes(ssl)).hasSize(1);
        }
    }

    @Test
    void shouldCloseOnlyThatConnectionWhenATlsClientSpeaksToThePlaintextPort() throws Exception {
        try (LanesBroker broker = LanesBroker.start(config())) {
            // given
            SecureClients confused = SecureClients.of(broker.bootstrapServers("PLAINTEXT"), "SSL")
                    .trusting(certs.clientTruststore).with("default.api.timeout.ms", 3000).with("request.timeout.ms", 1500);

            // when / then: the client hello is no Kafka frame; the broker closes, the client retries until its timeout
            assertThatThrownBy(() -> nodes(confused)).isInstanceOf(ExecutionException.class);
            assertThat(nodes(SecureClients.of(broker.bootstrapServers("PLAINTEXT"), "PLAINTEXT"))).hasSize(1);
        }
    }
}
