package io.lanes.broker.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What clients report through KIP-714 telemetry, kept bounded: the latest value of each metric
 * series per client instance, readable with {@link #snapshot()} and exposed as Micrometer
 * gauges.
 *
 * <p>Meters: {@code lanes.client.metric} (a gauge per series) tagged {@code client_instance_id},
 * {@code client_id}, {@code metric} (the OTLP name, e.g.
 * {@code org.apache.kafka.producer.record.send.total}) and {@code attributes} (the series'
 * attributes as {@code k=v,k=v}, empty for a client-wide figure) — always these four tags, so
 * every registry accepts them; and {@code lanes.client.telemetry.clients}, how many client
 * instances are reporting.
 *
 * <p>Bounds: at most {@value #MAX_CLIENTS} client instances (a new one beyond that is not kept
 * until another expires) with at most {@value #MAX_SERIES_PER_CLIENT} series each (further
 * series of a client are dropped). A client's report and meters expire when it has not pushed
 * for three of its push intervals (a client that goes away without telling).
 *
 * <p>Thread-safe: updates and snapshots are serialized on this object; gauges read a volatile.
 */
public final class ClientTelemetry {
    private static final Logger log = LoggerFactory.getLogger(ClientTelemetry.class);
    public static final int MAX_CLIENTS = 256;
    public static final int MAX_SERIES_PER_CLIENT = 512;
    static final String METER = "lanes.client.metric";

    private final MeterRegistry registry;
    private final Map<String, Client> clients = new LinkedHashMap<>();
    private boolean warnedFull;

    public ClientTelemetry(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("lanes.client.telemetry.clients", this, ClientTelemetry::clientCount)
                .description("Client instances whose KIP-714 telemetry the broker keeps")
                .strongReference(true)
                .register(registry);
    }

    /** The latest report of every client instance, sorted by client id then instance id. */
    public synchronized List<ClientReport> snapshot() {
        return clients.values().stream()
                .map(Client::report)
                .sorted(Comparator.comparing(ClientReport::clientId, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(ClientReport::clientInstanceId))
                .toList();
    }

    private synchronized int clientCount() {
        return clients.size();
    }

    /** Records a push of {@code instance} at {@code nowMs}: its resource attributes and data points. */
    synchronized void record(ClientAttributes attributes, int pushIntervalMs, OtlpPayload.Decoded payload,
                             boolean terminating, long nowMs) {
        String id = attributes.clientInstanceId().toString();
        Client client = clients.get(id);
        if (client == null) {
            if (clients.size() >= MAX_CLIENTS) {
                if (!warnedFull) {
                    log.warn("Keeping the telemetry of {} client instances already: client instance {} ({}) is not kept",
                            MAX_CLIENTS, id, attributes.clientId());
                    warnedFull = true;
                }
                return;
            }
            client = new Client(attributes);
            clients.put(id, client);
        }
        client.update(pushIntervalMs, payload, terminating, nowMs);
    }

    /** Forgets the clients that have not pushed for three of their push intervals, with their meters. */
    synchronized void expire(long nowMs) {
        clients.values().removeIf(client -> {
            if (nowMs - client.lastPushMs > 3L * client.pushIntervalMs) {
                client.removeMeters();
                return true;
            }
            return false;
        });
        if (clients.size() < MAX_CLIENTS) {
            warnedFull = false;
        }
    }

    /** Removes every client and meter (broker shutdown). */
    synchronized void clear() {
        clients.values().forEach(Client::removeMeters);
        clients.clear();
    }

    private record SeriesKey(String name, Map<String, String> attributes) {
    }

    private static final class Series {
        final MetricPoint.Kind kind;
        volatile double value;
        Gauge gauge;

        Series(MetricPoint.Kind kind) {
            this.kind = kind;
        }
    }

    /** One client instance's report; guarded by the enclosing {@link ClientTelemetry}. */
    private final class Client {
        final ClientAttributes attributes;
        final Map<SeriesKey, Series> series = new LinkedHashMap<>();
        Map<String, String> resource = Map.of();
        int pushIntervalMs;
        long lastPushMs;
        boolean terminating;
        boolean warnedSeries;

        Client(ClientAttributes attributes) {
            this.attributes = attributes;
        }

        void update(int interval, OtlpPayload.Decoded payload, boolean terminating, long nowMs) {
            this.pushIntervalMs = interval;
            this.lastPushMs = nowMs;
            this.terminating = terminating;
            if (!payload.resource().isEmpty()) {
                this.resource = Map.copyOf(payload.resource());
            }
            for (MetricPoint point : payload.points()) {
                SeriesKey key = new SeriesKey(point.name(), point.attributes());
                Series s = series.get(key);
                if (s == null) {
                    if (series.size() >= MAX_SERIES_PER_CLIENT) {
                        if (!warnedSeries) {
                            log.warn("Client instance {} ({}) pushes more than {} metric series: the others are dropped",
                                    attributes.clientInstanceId(), attributes.clientId(), MAX_SERIES_PER_CLIENT);
                            warnedSeries = true;
                        }
                        continue;
                    }
                    s = new Series(point.kind());
                    s.gauge = register(key, s);
                    series.put(key, s);
                }
                s.value = point.kind() == MetricPoint.Kind.SUM_DELTA ? s.value + point.value() : point.value();
            }
        }

        private Gauge register(SeriesKey key, Series s) {
            return Gauge.builder(METER, s, x -> x.value)
                    .description("The latest value of a metric a client pushed (KIP-714)")
                    .tag("client_instance_id", attributes.clientInstanceId().toString())
                    .tag("client_id", attributes.clientId() == null ? "" : attributes.clientId())
                    .tag("metric", key.name())
                    .tag("attributes", attributesText(key.attributes()))
                    .strongReference(true)
                    .register(registry);
        }

        void removeMeters() {
            series.values().forEach(s -> registry.remove(s.gauge));
        }

        ClientReport report() {
            List<MetricPoint> points = new ArrayList<>();
            series.forEach((key, s) -> points.add(new MetricPoint(key.name(), key.attributes(), s.value, s.kind)));
            points.sort(Comparator.comparing(MetricPoint::name).thenComparing(p -> attributesText(p.attributes())));
            return new ClientReport(attributes.clientInstanceId().toString(), attributes.clientId(),
                    attributes.softwareName(), attributes.softwareVersion(), attributes.sourceAddress(), resource,
                    pushIntervalMs, Instant.ofEpochMilli(lastPushMs), terminating, points);
        }
    }

    static String attributesText(Map<String, String> attributes) {
        return attributes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
