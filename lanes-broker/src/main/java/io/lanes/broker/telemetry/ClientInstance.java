package io.lanes.broker.telemetry;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.internals.Crc32C;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The broker's view of one client instance (KIP-714): the subscription it was given, as of
 * which subscription {@link #subscriptionVersion()}, and the times of its last requests, which
 * rate-limit it to one GetTelemetrySubscriptions or PushTelemetry per push interval, as Kafka's
 * {@code ClientMetricsInstance}.
 *
 * <p>Thread-safe: the mutable state is guarded by this object.
 */
final class ClientInstance {
    private final ClientAttributes attributes;
    private final int subscriptionId;
    private final int subscriptionVersion;
    private final List<String> metrics;
    private final int pushIntervalMs;
    private long lastGetMs;
    private long lastPushMs;
    private long lastSeenMs;
    private boolean terminating;
    private Errors lastKnownError = Errors.NONE;

    private ClientInstance(ClientAttributes attributes, List<String> metrics, int pushIntervalMs, int subscriptionVersion) {
        this.attributes = attributes;
        this.metrics = List.copyOf(metrics);
        this.pushIntervalMs = pushIntervalMs;
        this.subscriptionVersion = subscriptionVersion;
        this.subscriptionId = subscriptionId(metrics, pushIntervalMs, attributes.clientInstanceId());
    }

    /**
     * The instance as the subscriptions in force make it: the union of the metrics of every
     * subscription that matches the client (only {@code *} if one asks for all), the shortest
     * of their intervals, Kafka's default interval when none matches.
     */
    static ClientInstance evaluate(ClientAttributes client, List<Subscription> subscriptions, int version) {
        Set<String> metrics = new HashSet<>();
        int interval = ClientMetricsConfig.INTERVAL_MS_DEFAULT;
        boolean all = false;
        for (Subscription subscription : subscriptions) {
            if (subscription.matches(client)) {
                all |= subscription.metrics().contains(ClientMetricsConfig.ALL_METRICS);
                metrics.addAll(subscription.metrics());
                interval = Math.min(interval, subscription.intervalMs());
            }
        }
        if (all) {
            metrics = Set.of(ClientMetricsConfig.ALL_METRICS);
        }
        return new ClientInstance(client, List.copyOf(metrics), interval, version);
    }

    /**
     * Kafka's subscription id: the CRC32C of the requested metrics (as a set's text) followed
     * by the interval, XORed with the instance id's hash, so it changes when either changes.
     */
    private static int subscriptionId(List<String> metrics, int pushIntervalMs, Uuid instanceId) {
        byte[] bytes = (new HashSet<>(metrics).toString() + pushIntervalMs).getBytes(StandardCharsets.UTF_8);
        return (int) Crc32C.compute(bytes, 0, bytes.length) ^ instanceId.hashCode();
    }

    ClientAttributes attributes() {
        return attributes;
    }

    int subscriptionId() {
        return subscriptionId;
    }

    int subscriptionVersion() {
        return subscriptionVersion;
    }

    List<String> metrics() {
        return metrics;
    }

    int pushIntervalMs() {
        return pushIntervalMs;
    }

    /** Records a GetTelemetrySubscriptions at {@code nowMs}, unless one push interval has not passed since the last request. */
    synchronized boolean tryGet(long nowMs) {
        if (nowMs - Math.max(lastGetMs, lastPushMs) >= pushIntervalMs) {
            lastGetMs = nowMs;
            return true;
        }
        return false;
    }

    /** Records a push at {@code nowMs}, allowed right after a GetTelemetrySubscriptions or one interval after the last push. */
    synchronized boolean tryPush(long nowMs) {
        boolean allowed = lastGetMs > lastPushMs || nowMs - lastPushMs >= pushIntervalMs;
        if (allowed) {
            lastPushMs = nowMs;
        }
        return allowed;
    }

    /** Notes a request of this client at {@code nowMs}, which postpones its expiry. */
    synchronized void seen(long nowMs) {
        lastSeenMs = nowMs;
    }

    /** Kafka forgets an instance after three push intervals (at least a minute) without a request. */
    synchronized boolean expired(long nowMs) {
        return nowMs - lastSeenMs > Math.max(60_000L, 3L * pushIntervalMs);
    }

    synchronized boolean terminating() {
        return terminating;
    }

    synchronized void terminating(boolean terminating) {
        this.terminating = terminating;
    }

    synchronized Errors lastKnownError() {
        return lastKnownError;
    }

    synchronized void lastKnownError(Errors error) {
        this.lastKnownError = error;
    }
}
