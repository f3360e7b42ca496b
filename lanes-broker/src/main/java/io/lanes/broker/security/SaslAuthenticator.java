package io.lanes.broker.security;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.apache.kafka.common.security.scram.internals.ScramServerCallbackHandler;
import org.apache.kafka.common.security.token.delegation.internals.DelegationTokenCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * The SASL exchange of one connection, as Kafka's {@code SaslServerAuthenticator}: ApiVersions,
 * then SaslHandshake naming an enabled mechanism, then SaslAuthenticate tokens until the mechanism's
 * server (kafka-clients' {@link PlainSaslServer} or {@link ScramSaslServer}) completes; only then do
 * other requests pass. After a SaslHandshake v0 the tokens arrive as bare length-prefixed frames
 * instead ({@link #expectsRawToken}). With {@code connections.max.reauth.ms} set, the session
 * lifetime is given in the SaslAuthenticate response (KIP-368); the client re-authenticates with a
 * new SaslHandshake on the same connection (same mechanism, same principal), and a request other
 * than those after the session expired closes the connection.
 *
 * <p>A refusal answers with Kafka's error (UNSUPPORTED_SASL_MECHANISM with the enabled mechanisms,
 * ILLEGAL_SASL_STATE, SASL_AUTHENTICATION_FAILED with Kafka's message) and closes the connection;
 * it is logged once at INFO and counted. Passwords and tokens are never logged.
 *
 * <p>Not thread-safe: confined to the connection's event loop.
 */
public final class SaslAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(SaslAuthenticator.class);

    private enum State { HANDSHAKE, AUTHENTICATE, AUTHENTICATED, FAILED }

    /** What the connection does with a request. */
    public enum Step {
        /** Serve it as usual. */
        PASS,
        /** Send {@link Outcome#response} and go on. */
        RESPOND,
        /** Send {@link Outcome#response}, then close the connection. */
        RESPOND_AND_CLOSE,
        /** Close the connection without answering. */
        CLOSE
    }

    /** The decision about one request. */
    public record Outcome(Step step, ApiMessage response) {
        static final Outcome PASS = new Outcome(Step.PASS, null);
        static final Outcome CLOSE = new Outcome(Step.CLOSE, null);
    }

    private final ListenerSecurity.SaslMechanisms mechanisms;
    private final SocketAddress peer;
    private final AuthenticationMetrics metrics;
    private State state = State.HANDSHAKE;
    private boolean rawTokens;
    private String mechanism;
    private SaslServer server;
    private KafkaPrincipal principal;
    /** When the authenticated session ends (ms since the epoch), Long.MAX_VALUE without re-authentication. */
    private long sessionExpiresAt = Long.MAX_VALUE;

    SaslAuthenticator(ListenerSecurity.SaslMechanisms mechanisms, SocketAddress peer, AuthenticationMetrics metrics) {
        this.mechanisms = mechanisms;
        this.peer = peer;
        this.metrics = metrics;
    }

    /** The authenticated principal, or null before the first authentication completed. */
    public KafkaPrincipal principal() {
        return principal;
    }

    /** True when the next frame is a bare SASL token (after SaslHandshake v0). */
    public boolean expectsRawToken() {
        return rawTokens && state == State.AUTHENTICATE;
    }

    /**
     * False (and the connection is to close) when a frame of {@code size} bytes arrives before the
     * client authenticated and exceeds {@code sasl.server.max.receive.size}, as Kafka refuses it.
     */
    public boolean admitsFrame(int size) {
        if (state != State.AUTHENTICATED && state != State.FAILED && size > mechanisms.maxReceiveSize()) {
            fail("Invalid SASL packet size " + size + " (sasl.server.max.receive.size is "
                    + mechanisms.maxReceiveSize() + ")");
            return false;
        }
        return state != State.FAILED;
    }

    /** Decides what to do with a decoded request arriving at {@code nowMs}. */
    public Outcome onRequest(ApiKeys api, short version, ApiMessage body, long nowMs) {
        if (state == State.FAILED) {
            return Outcome.CLOSE;
        }
        if (api == ApiKeys.API_VERSIONS) {
            return Outcome.PASS;
        }
        if (api == ApiKeys.SASL_HANDSHAKE && (state == State.HANDSHAKE || state == State.AUTHENTICATED)) {
            return handshake(version, (SaslHandshakeRequestData) body);
        }
        if (api == ApiKeys.SASL_AUTHENTICATE && state == State.AUTHENTICATE && !rawTokens) {
            return authenticate(version, (SaslAuthenticateRequestData) body, nowMs);
        }
        if (state == State.AUTHENTICATED) {
            if (nowMs >= sessionExpiresAt) {
                // As Kafka: not an authentication failure; the client reconnects and authenticates anew.
                state = State.FAILED;
                log.debug("Closing connection from {}: the session of {} expired {} ms ago without re-authentication",
                        peer, principal, nowMs - sessionExpiresAt);
                if (metrics != null) {
                    metrics.expired();
                }
                return Outcome.CLOSE;
            }
            if (api != ApiKeys.SASL_AUTHENTICATE && api != ApiKeys.SASL_HANDSHAKE) {
                return Outcome.PASS;
            }
        }
        String message = "Unexpected Kafka request of type " + api + " during SASL handshake.";
        fail(message);
        if (api == ApiKeys.SASL_AUTHENTICATE) {
            return new Outcome(Step.RESPOND_AND_CLOSE, new SaslAuthenticateResponseData()
                    .setErrorCode(Errors.ILLEGAL_SASL_STATE.code()).setErrorMessage(message));
        }
        if (api == ApiKeys.SASL_HANDSHAKE) {
            return new Outcome(Step.RESPOND_AND_CLOSE, new SaslHandshakeResponseData()
                    .setErrorCode(Errors.ILLEGAL_SASL_STATE.code()));
        }
        return Outcome.CLOSE;
    }

    private Outcome handshake(short version, SaslHandshakeRequestData request) {
        String requested = request.mechanism();
        SaslHandshakeResponseData response = new SaslHandshakeResponseData().setMechanisms(mechanisms.enabled());
        if (!mechanisms.enabled().contains(requested)) {
            fail("Unsupported SASL mechanism " + requested);
            return new Outcome(Step.RESPOND_AND_CLOSE, response.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code()));
        }
        if (state == State.AUTHENTICATED && !requested.equals(mechanism)) {
            fail("SaslHandshake request with mechanism " + requested + " differs from the original mechanism "
                    + mechanism + " during re-authentication");
            return new Outcome(Step.RESPOND_AND_CLOSE, response.setErrorCode(Errors.ILLEGAL_SASL_STATE.code()));
        }
        mechanism = requested;
        server = newServer(requested);
        rawTokens = version == 0;
        state = State.AUTHENTICATE;
        return new Outcome(Step.RESPOND, response.setErrorCode(Errors.NONE.code()));
    }

    private Outcome authenticate(short version, SaslAuthenticateRequestData request, long nowMs) {
        byte[] challenge;
        try {
            challenge = server.evaluateResponse(request.authBytes());
        } catch (SaslException | SaslAuthenticationException e) {
            String message = failureMessage(e);
            fail(logged(message, e));
            return new Outcome(Step.RESPOND_AND_CLOSE, new SaslAuthenticateResponseData()
                    .setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code())
                    .setErrorMessage(message)
                    .setAuthBytes(new byte[0]));
        }
        SaslAuthenticateResponseData response = new SaslAuthenticateResponseData()
                .setErrorCode(Errors.NONE.code())
                .setAuthBytes(challenge == null ? new byte[0] : challenge);
        if (server.isComplete()) {
            String refusal = complete(nowMs);
            if (refusal != null) {
                return new Outcome(Step.RESPOND_AND_CLOSE, response
                        .setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code()).setErrorMessage(refusal));
            }
            if (version >= 1 && mechanisms.reauthMs() > 0) {
                response.setSessionLifetimeMs(mechanisms.reauthMs());
            }
        }
        return new Outcome(Step.RESPOND, response);
    }

    /**
     * Handles a bare SASL token (after SaslHandshake v0) and returns the bare token to send back,
     * or null when the exchange failed and the connection must close.
     */
    public ByteBuffer onRawToken(ByteBuffer token, long nowMs) {
        byte[] bytes = new byte[token.remaining()];
        token.get(bytes);
        try {
            byte[] challenge = server.evaluateResponse(bytes);
            if (server.isComplete() && complete(nowMs) != null) {
                return null;
            }
            return ByteBuffer.wrap(challenge == null ? new byte[0] : challenge);
        } catch (SaslException | SaslAuthenticationException e) {
            fail(logged(failureMessage(e), e));
            return null;
        }
    }

    /** Ends a successful exchange; returns why it is refused after all (a re-authentication changing principal), or null. */
    private String complete(long nowMs) {
        KafkaPrincipal authenticated = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, server.getAuthorizationID());
        if (principal != null && !principal.equals(authenticated)) {
            String message = "Cannot change principals during re-authentication from " + principal + ": "
                    + authenticated;
            fail(message);
            return message;
        }
        principal = authenticated;
        state = State.AUTHENTICATED;
        rawTokens = false;
        sessionExpiresAt = mechanisms.reauthMs() > 0 ? nowMs + mechanisms.reauthMs() : Long.MAX_VALUE;
        if (metrics != null) {
            metrics.succeeded();
        }
        return null;
    }

    /** Kafka's message: a SaslAuthenticationException's own, otherwise the generic one naming the mechanism. */
    private String failureMessage(Exception e) {
        if (e instanceof SaslAuthenticationException) {
            return e.getMessage();
        }
        return "Authentication failed during authentication due to invalid credentials with SASL mechanism "
                + mechanism;
    }

    /** The client's message, with the mechanism's own reason when it differs (never a password or token). */
    private static String logged(String message, Exception e) {
        return e.getMessage() == null || e.getMessage().equals(message) ? message
                : message + ": " + e.getMessage();
    }

    private void fail(String reason) {
        state = State.FAILED;
        log.info("Failed authentication with {} ({})", peer, reason);
        if (metrics != null) {
            metrics.failed();
        }
    }

    private SaslServer newServer(String name) {
        if (name.equals(PlainSaslServer.PLAIN_MECHANISM)) {
            return new PlainSaslServer(mechanisms.plain());
        }
        ScramMechanism scram = ScramMechanism.forMechanismName(name);
        ScramServerCallbackHandler handler = new ScramServerCallbackHandler(mechanisms.scram().cache(scram),
                new DelegationTokenCache(ScramMechanism.mechanismNames()));
        try {
            return new ScramSaslServer(scram, Map.of(), handler);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + scram.hashAlgorithm(), e);
        }
    }
}
