package io.lanes.conformance.differential;

import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.server.telemetry.ClientTelemetry;
import org.apache.kafka.server.telemetry.ClientTelemetryReceiver;

import java.util.List;
import java.util.Map;

/**
 * A metrics reporter with a KIP-714 client telemetry receiver, for Apache Kafka's
 * {@code metric.reporters}: without one, Kafka does not advertise GetTelemetrySubscriptions and
 * PushTelemetry at all (Lanes always serves them, its own store being the receiver). The
 * receiver accepts every payload and keeps nothing.
 */
public final class TelemetryReceiverReporter implements MetricsReporter, ClientTelemetry {

    @Override
    public ClientTelemetryReceiver clientReceiver() {
        return (context, payload) -> {
        };
    }

    @Override
    public void init(List<KafkaMetric> metrics) {
    }

    @Override
    public void metricChange(KafkaMetric metric) {
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
