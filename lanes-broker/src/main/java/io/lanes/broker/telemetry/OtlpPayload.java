package io.lanes.broker.telemetry;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.TelemetryTooLargeException;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.shaded.com.google.protobuf.InvalidProtocolBufferException;
import org.apache.kafka.shaded.io.opentelemetry.proto.common.v1.AnyValue;
import org.apache.kafka.shaded.io.opentelemetry.proto.common.v1.KeyValue;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.Metric;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.MetricsData;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.ScopeMetrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes a PushTelemetry payload: an OpenTelemetry {@code MetricsData} protobuf (the classes
 * kafka-clients ships, shaded, to encode it), compressed with the request's compression type.
 * Gauges and sums become {@link MetricPoint}s; histograms and summaries, which Kafka clients do
 * not send, are skipped.
 *
 * <p>The payload is decompressed into at most {@code maxBytes} bytes: more is
 * TELEMETRY_TOO_LARGE (newer Kafka brokers check the decompressed size the same way), so a
 * small compressed payload cannot make the broker inflate gigabytes. Stateless; thread-safe.
 */
final class OtlpPayload {
    /** The decoded payload: the resource's attributes (client_id, group_id, ...) and the data points. */
    record Decoded(Map<String, String> resource, List<MetricPoint> points) {
    }

    private OtlpPayload() {
    }

    /**
     * @throws TelemetryTooLargeException decompressed, the payload is over {@code maxBytes}
     * @throws InvalidRecordException     it cannot be decompressed or is not a {@code MetricsData}
     */
    static Decoded decode(ByteBuffer payload, CompressionType compression, int maxBytes) {
        byte[] bytes = decompress(payload, compression, maxBytes);
        MetricsData data;
        try {
            data = MetricsData.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidRecordException("Telemetry payload is not an OTLP MetricsData: " + e.getMessage());
        }
        Map<String, String> resource = new TreeMap<>();
        List<MetricPoint> points = new ArrayList<>();
        for (ResourceMetrics resourceMetrics : data.getResourceMetricsList()) {
            resource.putAll(attributes(resourceMetrics.getResource().getAttributesList()));
            for (ScopeMetrics scope : resourceMetrics.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    addPoints(metric, points);
                }
            }
        }
        return new Decoded(resource, points);
    }

    private static void addPoints(Metric metric, List<MetricPoint> points) {
        switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsList()
                    .forEach(p -> points.add(point(metric.getName(), p, MetricPoint.Kind.GAUGE)));
            case SUM -> {
                MetricPoint.Kind kind = metric.getSum().getAggregationTemporality()
                        == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
                        ? MetricPoint.Kind.SUM_DELTA : MetricPoint.Kind.SUM_CUMULATIVE;
                metric.getSum().getDataPointsList().forEach(p -> points.add(point(metric.getName(), p, kind)));
            }
            default -> {
                // Histograms and summaries: Kafka clients send none (their metrics are gauges and sums).
            }
        }
    }

    private static MetricPoint point(String name, NumberDataPoint point, MetricPoint.Kind kind) {
        double value = point.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? point.getAsInt() : point.getAsDouble();
        return new MetricPoint(name, attributes(point.getAttributesList()), value, kind);
    }

    private static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> attributes = new TreeMap<>();
        for (KeyValue keyValue : keyValues) {
            attributes.put(keyValue.getKey(), text(keyValue.getValue()));
        }
        return attributes;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case INT_VALUE -> String.valueOf(value.getIntValue());
            case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
            default -> value.toString().trim();
        };
    }

    private static byte[] decompress(ByteBuffer payload, CompressionType compression, int maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, Math.max(64, payload.remaining() * 4)));
        byte[] chunk = new byte[8192];
        try (InputStream in = Compression.of(compression).build()
                .wrapForInput(payload.duplicate(), RecordBatch.CURRENT_MAGIC_VALUE, BufferSupplier.NO_CACHING)) {
            int read;
            while ((read = in.read(chunk)) != -1) {
                if (out.size() + read > maxBytes) {
                    throw new TelemetryTooLargeException("Decompressed telemetry payload is larger than the maximum "
                            + "allowed size [" + maxBytes + "]");
                }
                out.write(chunk, 0, read);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof TelemetryTooLargeException tooLarge) {
                throw tooLarge;
            }
            throw new InvalidRecordException("Telemetry payload cannot be decompressed with " + compression + ": " + e);
        }
        return out.toByteArray();
    }
}
