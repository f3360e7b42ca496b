package io.lanes.broker.telemetry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one client instance last reported through KIP-714 telemetry, for rendering: who it is
 * and the latest value of every metric series it pushes (counters sent as deltas are summed
 * into running totals). Immutable.
 *
 * @param clientInstanceId the id the broker gave the client instance
 * @param clientId         the client's {@code client.id}
 * @param softwareName     the client library, e.g. {@code apache-kafka-java} ("unknown" if not sent)
 * @param softwareVersion  its version ("unknown" if not sent)
 * @param sourceAddress    the address the client connects from
 * @param resource         the OTLP resource attributes it sends (e.g. {@code group_id}, {@code transactional_id})
 * @param pushIntervalMs   the push interval of its subscription
 * @param lastPush         when its last metrics arrived
 * @param terminating      true once it said it is closing
 * @param metrics          the latest value of each series, sorted by name then attributes
 */
public record ClientReport(String clientInstanceId, String clientId, String softwareName, String softwareVersion,
                           String sourceAddress, Map<String, String> resource, int pushIntervalMs, Instant lastPush,
                           boolean terminating, List<MetricPoint> metrics) {
    public ClientReport {
        resource = Map.copyOf(resource);
        metrics = List.copyOf(metrics);
    }

    /** The series of that metric name (one per attribute set, e.g. per topic or node). */
    public List<MetricPoint> series(String metricName) {
        return metrics.stream().filter(p -> p.name().equals(metricName)).toList();
    }

    /** The value of that metric's series without attributes (the client-wide figure), if reported. */
    public Optional<Double> value(String metricName) {
        return metrics.stream().filter(p -> p.name().equals(metricName) && p.attributes().isEmpty())
                .map(MetricPoint::value).findFirst();
    }
}
