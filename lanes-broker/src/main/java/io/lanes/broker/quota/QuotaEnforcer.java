package io.lanes.broker.quota;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Applies the client quotas to the requests of a connection, at the points Kafka does (KIP-219): a produce request
 * is charged its size and its handling time when handled; a fetch response is charged its size just before it is
 * sent, and a fetch that would exceed the quota is answered with no records (the bytes are taken back), as Kafka
 * answers it; any other request is charged its handling time ({@code request_percentage}). The response carries the
 * throttle time in {@code throttle_time_ms}; the connection then stops reading for that time (the caller mutes it).
 * A fetch's {@code max_bytes} is capped at what the quota allows in one window, as Kafka caps it.
 *
 * <p>Requests of clients without a quota are not measured. Stateless apart from {@link ClientQuotas}; thread-safe.
 */
public final class QuotaEnforcer {
    /** Enforces nothing (a broker built without quotas, tests). */
    public static final QuotaEnforcer NONE = new QuotaEnforcer(null);

    /** The response setters of {@code throttle_time_ms}, found once per response class (null where it has none). */
    private static final ClassValue<MethodHandle> THROTTLE_SETTERS = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.publicLookup().findVirtual(type, "setThrottleTimeMs",
                        MethodType.methodType(type, int.class));
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
    };

    private final ClientQuotas quotas;

    public QuotaEnforcer(ClientQuotas quotas) {
        this.quotas = quotas;
    }

    /**
     * What one measured request owes. Confined to the connection's event loop.
     */
    public static final class Charge {
        final ApiKeys api;
        final String user;
        final String clientId;
        final long startNanos;
        int requestThrottleMs;
        int throttleMs;

        Charge(ApiKeys api, String user, String clientId, long startNanos) {
            this.api = api;
            this.user = user;
            this.clientId = clientId;
            this.startNanos = startNanos;
        }

        /** How long the connection must stay muted after the response, 0 for not at all. */
        public int throttleMs() {
            return throttleMs;
        }
    }

    /**
     * Starts measuring a request about to be handled; null when its client has no quota to answer to. Caps a fetch's
     * {@code max_bytes} to the client's fetch quota window.
     */
    public Charge begin(ApiKeys api, KafkaPrincipal principal, String clientId, ApiMessage request) {
        if (quotas == null || exempt(api)) {
            return null;
        }
        boolean bandwidth = api == ApiKeys.PRODUCE && quotas.limits(QuotaType.PRODUCE)
                || api == ApiKeys.FETCH && quotas.limits(QuotaType.FETCH);
        if (!bandwidth && !quotas.limits(QuotaType.REQUEST)) {
            return null;
        }
        String user = principal.getName();
        String client = clientId == null ? "" : clientId;
        if (api == ApiKeys.FETCH && bandwidth && request instanceof FetchRequestData fetch) {
            long window = quotas.maxValueInWindow(QuotaType.FETCH, user, client);
            if (window < fetch.maxBytes()) {
                fetch.setMaxBytes((int) Math.max(1, window));
            }
        }
        return new Charge(api, user, client, System.nanoTime());
    }

    /** Charges a handled request: its size (produce) and its handling time. */
    public void handled(Charge charge, int requestBytes, ApiMessage request) {
        long now = System.currentTimeMillis();
        boolean acksZero = request instanceof ProduceRequestData produce && produce.acks() == 0;
        // As Kafka: a produce without acknowledgement is not charged handling time (it gets no response to carry it).
        int requestThrottle = acksZero ? 0 : quotas.record(QuotaType.REQUEST, charge.user, charge.clientId,
                ClientQuotas.percent(System.nanoTime() - charge.startNanos), now);
        charge.requestThrottleMs = requestThrottle;
        if (charge.api == ApiKeys.PRODUCE) {
            int bandwidthThrottle = quotas.record(QuotaType.PRODUCE, charge.user, charge.clientId, requestBytes, now);
            charge.throttleMs = Math.max(bandwidthThrottle, requestThrottle);
            count(bandwidthThrottle, requestThrottle, QuotaType.PRODUCE);
        } else if (charge.api != ApiKeys.FETCH) {
            charge.throttleMs = requestThrottle;
            count(0, requestThrottle, QuotaType.REQUEST);
        }
    }

    /**
     * The response to send: a fetch response is charged its size, and replaced by an empty one when over quota;
     * a throttled response carries its throttle time. Runs just before the response is encoded.
     */
    public ApiMessage beforeSend(Charge charge, ApiMessage response, short version) {
        if (response instanceof FetchResponseData fetch && charge.api == ApiKeys.FETCH) {
            long now = System.currentTimeMillis();
            int bytes = fetch.size(new ObjectSerializationCache(), version);
            int bandwidthThrottle = quotas.record(QuotaType.FETCH, charge.user, charge.clientId, bytes, now);
            charge.throttleMs = Math.max(bandwidthThrottle, charge.requestThrottleMs);
            if (charge.throttleMs > 0) {
                quotas.unrecord(QuotaType.FETCH, charge.user, charge.clientId, bytes, now);
                count(bandwidthThrottle, charge.requestThrottleMs, QuotaType.FETCH);
                response = new FetchResponseData()
                        .setErrorCode(fetch.errorCode())
                        .setSessionId(fetch.sessionId());
            }
        }
        if (charge.throttleMs > 0 && response != null) {
            setThrottleTime(response, charge.throttleMs);
        }
        return response;
    }

    /** Counts the throttle under the quota that caused it: the bandwidth one when it is the longer. */
    private void count(int bandwidthThrottle, int requestThrottle, QuotaType bandwidth) {
        if (bandwidthThrottle > 0 && bandwidthThrottle >= requestThrottle) {
            quotas.throttled(bandwidth, bandwidthThrottle);
        } else if (requestThrottle > 0) {
            quotas.throttled(QuotaType.REQUEST, requestThrottle);
        }
    }

    private static void setThrottleTime(ApiMessage response, int throttleMs) {
        MethodHandle setter = THROTTLE_SETTERS.get(response.getClass());
        if (setter != null) {
            try {
                setter.invoke(response, throttleMs);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot set the throttle time of " + response.getClass(), e);
            }
        }
    }

    /**
     * APIs not held to request quotas: authentication, and version negotiation, which may come before it (Kafka's
     * authenticator answers those without charging; an ApiVersions after authentication it does charge, which Lanes
     * does not tell apart).
     */
    private static boolean exempt(ApiKeys api) {
        return api == ApiKeys.API_VERSIONS || api == ApiKeys.SASL_HANDSHAKE || api == ApiKeys.SASL_AUTHENTICATE;
    }
}
