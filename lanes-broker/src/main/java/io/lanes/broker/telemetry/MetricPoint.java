package io.lanes.broker.telemetry;

import java.util.Map;

/**
 * One data point a client pushed: an OTLP metric name (KIP-714 names, e.g.
 * {@code org.apache.kafka.producer.record.send.total}), the attributes that tell its series
 * apart (e.g. {@code topic}, {@code node_id}), and its value. Immutable.
 *
 * @param name       the metric name as the client sent it
 * @param attributes the data point's attributes, sorted by key
 * @param value      the value; for a {@link Kind#SUM_DELTA} the change since the previous push
 * @param kind       how values of successive pushes combine
 */
public record MetricPoint(String name, Map<String, String> attributes, double value, Kind kind) {
    public MetricPoint {
        attributes = Map.copyOf(attributes);
    }

    /** How the points of successive pushes combine into the latest value. */
    public enum Kind {
        /** A value in itself (latency, lag, rate): the latest replaces the previous. */
        GAUGE,
        /** A counter sent as the change since the last push (KIP-714's delta temporality): they add up. */
        SUM_DELTA,
        /** A counter sent as its running total: the latest replaces the previous. */
        SUM_CUMULATIVE
    }
}
