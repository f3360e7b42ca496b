package io.lanes.broker.quota;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Quota;
import org.apache.kafka.common.metrics.QuotaViolationException;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.utils.Time;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Measures clients against their produce, fetch and request quotas and says how long to throttle them, as Kafka's
 * client quota managers do (KIP-13, KIP-124, KIP-219).
 *
 * <p>Each (user, client id) pair is measured under the names its quota resolves to ({@link QuotaResolver}), with a
 * kafka-clients {@link Rate} over {@code quota.window.num} samples of {@code quota.window.size.seconds}. A value that
 * takes the rate over the bound gives a throttle time: how long the client must stay silent for the rate to fall back
 * to the bound, {@code (rate - bound) / bound × window}; request-time throttles are capped at one sample window, as in
 * Kafka. Pairs without a quota are not measured at all, so a broker without quotas does no work here. Rate sensors
 * of pairs idle for an hour are dropped.
 *
 * <p>Thread-safe: sensors synchronize their own recording; the store is read through its immutable snapshot.
 */
public final class ClientQuotas implements AutoCloseable {
    private static final long INACTIVE_SENSOR_EXPIRATION_SECONDS = 3600;
    /** Kafka measures request time as a percentage of one thread: nanoseconds × 100 / 10^9 per second. */
    private static final double NANOS_TO_PERCENT = 100.0 / TimeUnit.SECONDS.toNanos(1);

    private final ClientQuotaStore store;
    private final Metrics sensors;
    private final int samples;
    private final int windowSeconds;
    private final Map<QuotaType, DistributionSummary> throttleTimes = new EnumMap<>(QuotaType.class);
    /** Which types any stored entity limits, for the snapshot it was computed from. */
    private volatile Limited limited = new Limited(null, false, false, false);

    private record Limited(Map<ClientQuotaEntity, Map<String, Double>> snapshot, boolean produce, boolean fetch,
                           boolean request) {
    }

    /**
     * @param samples       {@code quota.window.num}
     * @param windowSeconds {@code quota.window.size.seconds}
     * @param registry      where the throttle times are published
     */
    public ClientQuotas(ClientQuotaStore store, int samples, int windowSeconds, MeterRegistry registry, Time time) {
        this.store = store;
        this.samples = samples;
        this.windowSeconds = windowSeconds;
        this.sensors = new Metrics(new MetricConfig(), List.of(), time, true);
        for (QuotaType type : QuotaType.values()) {
            throttleTimes.put(type, DistributionSummary.builder("kafka.server.quota.throttle.time")
                    .description("Throttle times given to clients over their quota (ms)")
                    .baseUnit("milliseconds")
                    .tag("quota", type.metricGroup())
                    .register(registry));
        }
    }

    /** True when some entity sets a quota of {@code type}; false means nothing of that type is measured. */
    public boolean limits(QuotaType type) {
        Map<ClientQuotaEntity, Map<String, Double>> snapshot = store.snapshot();
        Limited current = limited;
        if (current.snapshot != snapshot) {
            boolean produce = false;
            boolean fetch = false;
            boolean request = false;
            for (Map<String, Double> values : snapshot.values()) {
                produce |= values.containsKey(QuotaType.PRODUCE.key());
                fetch |= values.containsKey(QuotaType.FETCH.key());
                request |= values.containsKey(QuotaType.REQUEST.key());
            }
            current = new Limited(snapshot, produce, fetch, request);
            limited = current;
        }
        return switch (type) {
            case PRODUCE -> current.produce;
            case FETCH -> current.fetch;
            case REQUEST -> current.request;
        };
    }

    /**
     * Records {@code value} (bytes, or request-time percent from {@link #percent}) for the pair and returns the
     * throttle time it earns, 0 when within its quota or without one.
     */
    public int record(QuotaType type, String user, String clientId, double value, long nowMs) {
        Sensor sensor = sensor(type, user, clientId);
        if (sensor == null) {
            return 0;
        }
        try {
            sensor.record(value, nowMs, true);
            return 0;
        } catch (QuotaViolationException e) {
            long window = ((Rate) e.metric().measurable()).windowSize(e.metric().config(), nowMs);
            long throttle = Math.round((e.value() - e.bound()) / e.bound() * window);
            if (type == QuotaType.REQUEST) {
                throttle = Math.min(throttle, TimeUnit.SECONDS.toMillis(windowSeconds));
            }
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, throttle));
        }
    }

    /** Takes back a value recorded for a response that was not sent (a throttled fetch is answered empty). */
    public void unrecord(QuotaType type, String user, String clientId, double value, long nowMs) {
        Sensor sensor = sensor(type, user, clientId);
        if (sensor != null) {
            sensor.record(-value, nowMs, false);
        }
    }

    /**
     * The most the pair may take in one quota window ({@code bound × (samples - 1) × window}), or
     * {@link Long#MAX_VALUE} without a quota: Kafka caps a fetch's size by it, so that one response cannot
     * overshoot the quota for long.
     */
    public long maxValueInWindow(QuotaType type, String user, String clientId) {
        QuotaResolver.Resolved quota = QuotaResolver.resolve(store.snapshot(), type.key(), user, clientId);
        if (quota == null) {
            return Long.MAX_VALUE;
        }
        return (long) Math.min(Long.MAX_VALUE, quota.bound() * Math.max(1, samples - 1) * windowSeconds);
    }

    /** Counts a throttle time given for a quota of {@code type}. */
    public void throttled(QuotaType type, int throttleMs) {
        throttleTimes.get(type).record(throttleMs);
    }

    /** Request time as Kafka measures it against {@code request_percentage}. */
    public static double percent(long nanos) {
        return nanos * NANOS_TO_PERCENT;
    }

    /**
     * The quota sensor the pair is measured by, shared by every pair its quota resolves alike; created, or given
     * the current bound, as needed. Null without a quota.
     */
    private Sensor sensor(QuotaType type, String user, String clientId) {
        QuotaResolver.Resolved quota = QuotaResolver.resolve(store.snapshot(), type.key(), user, clientId);
        if (quota == null) {
            return null;
        }
        MetricName name = sensors.metricName(type == QuotaType.REQUEST ? "request-time" : "byte-rate",
                type.metricGroup(), "Rate measured against the client quota",
                Map.of("user", quota.user(), "client-id", quota.clientId()));
        String sensorName = type.metricGroup() + "-" + quota.user() + ":" + quota.clientId();
        Sensor sensor = sensors.getSensor(sensorName);
        if (sensor == null) {
            sensor = sensors.sensor(sensorName, null, INACTIVE_SENSOR_EXPIRATION_SECONDS);
        }
        KafkaMetric metric = sensors.metric(name);
        if (metric == null) {
            sensor.add(name, new Rate(), config(quota.bound()));
        } else if (metric.config().quota().bound() != quota.bound()) {
            // An altered quota applies at once to the rate measured so far, as in Kafka.
            metric.config(config(quota.bound()));
        }
        return sensor;
    }

    private MetricConfig config(double bound) {
        return new MetricConfig()
                .timeWindow(windowSeconds, TimeUnit.SECONDS)
                .samples(samples)
                .quota(Quota.upperBound(bound));
    }

    @Override
    public void close() {
        sensors.close();
    }
}
