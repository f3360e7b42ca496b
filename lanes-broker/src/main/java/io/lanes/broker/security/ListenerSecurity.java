package io.lanes.broker.security;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.api.Endpoint;
import io.netty.handler.ssl.SslHandler;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.auth.SslAuthenticationContext;
import org.apache.kafka.common.security.auth.SslEngineFactory;
import org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder;
import org.apache.kafka.common.security.plain.internals.PlainServerCallbackHandler;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.apache.kafka.common.security.ssl.SslPrincipalMapper;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import java.io.Closeable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one listener asks of its connections, built from the listener's settings (Kafka's
 * {@code ssl.*}, {@code sasl.enabled.mechanisms}, {@code connections.max.reauth.ms},
 * {@code ssl.principal.mapping.rules}, each overridable by {@code listener.name.<name>.*}):
 * a TLS engine per connection on SSL and SASL_SSL listeners (kafka-clients' own
 * {@link DefaultSslEngineFactory}, so keystores, truststores, PEM, {@code ssl.client.auth},
 * protocols and cipher suites behave as in Kafka), and a {@link SaslAuthenticator} per connection on
 * SASL_PLAINTEXT and SASL_SSL listeners.
 *
 * <p>Thread-safe: shared by every connection of the listener; {@link #advertise} is called once,
 * before connections are accepted.
 */
public final class ListenerSecurity implements Closeable {
    /** The mechanisms Lanes implements. */
    public static final List<String> SUPPORTED_MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    private final String listenerName;
    private final SecurityProtocol protocol;
    private final SslEngineFactory ssl;
    private final DefaultKafkaPrincipalBuilder principalBuilder;
    private final SaslMechanisms sasl;
    private final AuthenticationMetrics metrics;
    private volatile Endpoint endpoint;

    private ListenerSecurity(String listenerName, SecurityProtocol protocol, SslEngineFactory ssl,
                             DefaultKafkaPrincipalBuilder principalBuilder, SaslMechanisms sasl,
                             AuthenticationMetrics metrics) {
        this.listenerName = listenerName;
        this.protocol = protocol;
        this.ssl = ssl;
        this.principalBuilder = principalBuilder;
        this.sasl = sasl;
        this.metrics = metrics;
    }

    /** A PLAINTEXT listener outside a broker (in-process tests): no TLS, no SASL, nothing counted. */
    public static ListenerSecurity plaintext() {
        return new ListenerSecurity("PLAINTEXT", SecurityProtocol.PLAINTEXT, null, null, null, null);
    }

    /**
     * The security of {@code listener} under {@code config}.
     *
     * @throws ConfigException if a setting is invalid or a keystore cannot be loaded
     */
    public static ListenerSecurity create(BrokerConfig config, BrokerConfig.Listener listener,
                                          ScramCredentialStore scram, AuthenticationMetrics metrics) {
        Map<String, String> originals = config.listenerOriginals(listener.name());
        Map<String, Object> values = new HashMap<>(BrokerSecurityConfigs.CONFIG_DEF.parse(originals));
        SecurityProtocol protocol = listener.protocol();
        SslEngineFactory ssl = null;
        if (protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL) {
            DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
            factory.configure(values);
            ssl = factory;
        }
        DefaultKafkaPrincipalBuilder builder = new DefaultKafkaPrincipalBuilder(null,
                SslPrincipalMapper.fromRules((String) values.get(BrokerSecurityConfigs.SSL_PRINCIPAL_MAPPING_RULES_CONFIG)));
        SaslMechanisms sasl = null;
        if (protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL) {
            sasl = saslMechanisms(listener.name(), originals, values, scram);
        }
        return new ListenerSecurity(listener.name(), protocol, ssl, builder, sasl, metrics);
    }

    @SuppressWarnings("unchecked")
    private static SaslMechanisms saslMechanisms(String listenerName, Map<String, String> originals,
                                                 Map<String, Object> values, ScramCredentialStore scram) {
        List<String> enabled = (List<String>) values.get(BrokerSecurityConfigs.SASL_ENABLED_MECHANISMS_CONFIG);
        for (String mechanism : enabled) {
            if (!SUPPORTED_MECHANISMS.contains(mechanism)) {
                throw new ConfigException(BrokerSecurityConfigs.SASL_ENABLED_MECHANISMS_CONFIG, enabled,
                        "listener " + listenerName + ": Lanes implements the SASL mechanisms " + SUPPORTED_MECHANISMS);
            }
        }
        if (enabled.isEmpty()) {
            throw new ConfigException(BrokerSecurityConfigs.SASL_ENABLED_MECHANISMS_CONFIG, enabled,
                    "listener " + listenerName + " is a SASL listener without SASL mechanisms");
        }
        PlainServerCallbackHandler plain = null;
        if (enabled.contains("PLAIN")) {
            Map<String, Object> jaasConfigs = new HashMap<>(values);
            String jaas = originals.get("plain.sasl.jaas.config");
            if (jaas == null) {
                throw new ConfigException("listener.name." + listenerName.toLowerCase(Locale.ROOT)
                        + ".plain.sasl.jaas.config", null, "PLAIN needs the users of the listener's "
                        + "PlainLoginModule (user_<name>=\"<password>\")");
            }
            jaasConfigs.put("plain.sasl.jaas.config", new Password(jaas));
            JaasContext context = JaasContext.loadServerContext(new ListenerName(listenerName), "PLAIN", jaasConfigs);
            plain = new PlainServerCallbackHandler();
            plain.configure(values, "PLAIN", context.configurationEntries());
        }
        long reauthMs = (Long) values.get(BrokerSecurityConfigs.CONNECTIONS_MAX_REAUTH_MS_CONFIG);
        int maxReceive = (Integer) values.get(BrokerSecurityConfigs.SASL_SERVER_MAX_RECEIVE_SIZE_CONFIG);
        return new SaslMechanisms(List.copyOf(enabled), plain, scram, reauthMs, maxReceive);
    }

    /** Sets the address this listener advertises; called once, before connections are accepted. */
    public void advertise(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** The listener and its advertised address, or null outside a broker. */
    public Endpoint endpoint() {
        return endpoint;
    }

    public String listenerName() {
        return listenerName;
    }

    public SecurityProtocol protocol() {
        return protocol;
    }

    /** True when connections start with a TLS handshake. */
    public boolean tls() {
        return ssl != null;
    }

    /** A server-side TLS handler for a new connection from {@code peer}. */
    public SslHandler newSslHandler(SocketAddress peer) {
        InetSocketAddress address = (InetSocketAddress) peer;
        SSLEngine engine = ssl.createServerSslEngine(address.getHostString(), address.getPort());
        return new SslHandler(engine);
    }

    /**
     * The principal of a connection whose TLS handshake completed: the client certificate's subject
     * mapped by {@code ssl.principal.mapping.rules}, or {@code User:ANONYMOUS} without a client certificate.
     */
    public KafkaPrincipal sslPrincipal(SSLSession session, SocketAddress peer) {
        InetAddress address = peer instanceof InetSocketAddress inet ? inet.getAddress() : null;
        return principalBuilder.build(new SslAuthenticationContext(session, address, listenerName));
    }

    /** A SASL authenticator for a new connection, or null when the listener is not a SASL listener. */
    public SaslAuthenticator newSaslAuthenticator(SocketAddress peer) {
        return sasl == null ? null : new SaslAuthenticator(sasl, peer, metrics);
    }

    /** Counts a connection refused by TLS (no-op outside a broker). */
    public void tlsFailed() {
        if (metrics != null) {
            metrics.failed();
        }
    }

    /** Counts a connection whose TLS handshake completed on an SSL listener (no-op outside a broker). */
    public void tlsSucceeded() {
        if (metrics != null && sasl == null) {
            metrics.succeeded();
        }
    }

    /**
     * The mechanisms enabled on a SASL listener, with what verifies each, the session lifetime
     * ({@code connections.max.reauth.ms}, 0 for none) and the largest frame accepted before
     * authentication ({@code sasl.server.max.receive.size}).
     */
    record SaslMechanisms(List<String> enabled, PlainServerCallbackHandler plain, ScramCredentialStore scram,
                          long reauthMs, int maxReceiveSize) {
    }

    @Override
    public void close() {
        if (ssl != null) {
            try {
                ssl.close();
            } catch (Exception e) {
                // nothing to release that matters at shutdown
            }
        }
    }
}
