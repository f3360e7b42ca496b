package io.lanes.broker.security;

import io.lanes.broker.api.ServedVersions;
import io.lanes.broker.BrokerConfig;
import io.lanes.broker.api.ApiDispatcher;
import io.lanes.broker.api.Endpoint;
import io.lanes.broker.handlers.ApiVersionsHandler;
import io.lanes.broker.network.KafkaServer;
import io.lanes.broker.network.RequestMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The principal each connection authenticated as reaches request handlers through their
 * {@link io.lanes.broker.api.RequestContext}: a Metadata handler here answers with it as cluster id,
 * which the Java Admin client reports.
 */
class ConnectionPrincipalTest {
    @TempDir
    static Path certDir;
    static TestCertificates certs;

    @TempDir
    Path dataDir;
    private KafkaServer server;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.create(certDir);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Binds every listener of {@code settings} with a dispatcher answering ApiVersions and Metadata. */
    private List<String> start(Map<String, String> settings) throws Exception {
        Map<String, String> props = new HashMap<>(settings);
        props.put("log.dirs", dataDir.toString());
        BrokerConfig config = BrokerConfig.from(props);
        ApiDispatcher dispatcher = new ApiDispatcher();
        dispatcher.register(ApiKeys.API_VERSIONS, ServedVersions.API_VERSIONS, new ApiVersionsHandler(dispatcher,
                io.lanes.broker.metadata.Features.load(dataDir), new io.lanes.broker.metadata.ClusterIdentity("test-cluster", 1)))
                .register(ApiKeys.METADATA, ServedVersions.METADATA, (context, request) -> {
                    MetadataResponseData response = new MetadataResponseData()
                            .setClusterId(context.principal().toString())
                            .setControllerId(1);
                    response.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(1)
                            .setHost(context.advertisedHost("127.0.0.1")).setPort(context.advertisedPort(0)));
                    return CompletableFuture.completedFuture(response);
                });
        ScramCredentialStore scram = ScramCredentialStore.load(dataDir);
        SecurityHandlers.register(dispatcher, scram);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<KafkaServer.Binding> bindings = new ArrayList<>();
        for (BrokerConfig.Listener listener : config.listeners()) {
            bindings.add(new KafkaServer.Binding(listener.host(), 0, ListenerSecurity.create(config, listener, scram,
                    new AuthenticationMetrics(registry, listener.name()))));
        }
        server = KafkaServer.bind(bindings, 1 << 20, 1, dispatcher, new RequestMetrics(registry));
        List<String> bootstrap = new ArrayList<>();
        for (int i = 0; i < bindings.size(); i++) {
            BrokerConfig.Listener listener = config.listeners().get(i);
            bindings.get(i).security().advertise(new Endpoint(listener.name(), listener.protocol(), "127.0.0.1",
                    server.port(i)));
            bootstrap.add("127.0.0.1:" + server.port(i));
        }
        server.startAccepting();
        return bootstrap;
    }

    private static String principal(SecureClients clients) throws Exception {
        try (Admin admin = clients.admin()) {
            return admin.describeCluster().clusterId().get();
        }
    }

    private static Map<String, String> tls(String... extra) {
        Map<String, String> props = new HashMap<>(Map.of(
                "listeners", "SSL://127.0.0.1:0",
                "ssl.keystore.location", certs.brokerKeystore.toString(),
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.password", TestCertificates.PASSWORD,
                "ssl.truststore.location", certs.brokerTruststore.toString(),
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.password", TestCertificates.PASSWORD));
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return props;
    }

    @Test
    void shouldGiveTheCertificateSubjectWhenMutualTlsUsesKafkasDefaultRule() throws Exception {
        // given
        String bootstrap = start(tls("ssl.client.auth", "required")).get(0);

        // when
        String principal = principal(SecureClients.of(bootstrap, "SSL").trusting(certs.clientTruststore)
                .withKeystore(certs.clientKeystore));

        // then
        assertThat(principal).isEqualTo("User:CN=alice,OU=Clients,O=Lanes");
    }

    @Test
    void shouldMapTheCertificateSubjectWhenPrincipalMappingRulesAreSet() throws Exception {
        // given
        String bootstrap = start(tls("ssl.client.auth", "requested",
                "ssl.principal.mapping.rules", "RULE:^CN=([a-zA-Z]+),OU=Clients,.*$/$1/U,DEFAULT")).get(0);

        // when
        String mapped = principal(SecureClients.of(bootstrap, "SSL").trusting(certs.clientTruststore)
                .withKeystore(certs.clientKeystore));
        String withoutCertificate = principal(SecureClients.of(bootstrap, "SSL").trusting(certs.clientTruststore));

        // then
        assertThat(mapped).isEqualTo("User:ALICE");
        assertThat(withoutCertificate).isEqualTo("User:ANONYMOUS");
    }

    @Test
    void shouldGiveTheSaslUserOnSaslListenersAndAnonymousOnPlaintext() throws Exception {
        // given
        List<String> bootstrap = start(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0",
                "sasl.enabled.mechanisms", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_bob=\"bob-secret\";"));

        // when
        String anonymous = principal(SecureClients.of(bootstrap.get(0), "PLAINTEXT"));
        String bob = principal(SecureClients.of(bootstrap.get(1), "SASL_PLAINTEXT").plain("bob", "bob-secret"));

        // then
        assertThat(anonymous).isEqualTo("User:ANONYMOUS");
        assertThat(bob).isEqualTo("User:bob");
    }
}
