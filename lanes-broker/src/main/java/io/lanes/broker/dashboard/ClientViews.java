package io.lanes.broker.dashboard;

import io.lanes.broker.telemetry.ClientReport;
import io.lanes.broker.telemetry.MetricPoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the KIP-714 reports clients pushed into the dashboard's {@link Overview.Client} views, and indexes the lag
 * consumers report per partition by group, so a group's lag table can show it beside the broker's figure. Metric
 * names are those the Java client pushes (its metric group and name in dots under {@code org.apache.kafka.}).
 * Immutable once built; not shared between threads.
 */
final class ClientViews {
    static final String PRODUCER = "org.apache.kafka.producer.";
    static final String CONSUMER = "org.apache.kafka.consumer.";
    static final String RECORDS_LAG = CONSUMER + "fetch.manager.records.lag";

    private final List<Overview.Client> clients = new ArrayList<>();
    private final Map<String, Double> lagByGroupPartition = new HashMap<>();

    ClientViews(List<ClientReport> reports, int maxClients, int maxPartitions) {
        for (ClientReport r : reports) {
            if (clients.size() >= maxClients) {
                break;
            }
            String group = r.resource().get("group_id");
            List<Overview.ClientLag> lag = new ArrayList<>();
            for (MetricPoint p : r.series(RECORDS_LAG)) {
                String topic = p.attributes().get("topic");
                Integer partition = parse(p.attributes().get("partition"));
                if (topic == null || partition == null) {
                    continue;
                }
                if (lag.size() < maxPartitions) {
                    lag.add(new Overview.ClientLag(topic, partition, p.value()));
                }
                if (group != null && !r.terminating()) {
                    lagByGroupPartition.merge(key(group, topic, partition), p.value(), Math::max);
                }
            }
            clients.add(new Overview.Client(r.clientId(), r.clientInstanceId(),
                    r.softwareName() + " " + r.softwareVersion(), kind(r), group,
                    r.lastPush() == null ? 0 : r.lastPush().toEpochMilli(), r.terminating(),
                    value(r, PRODUCER + "request.latency.avg"), value(r, PRODUCER + "request.latency.max"),
                    value(r, PRODUCER + "record.send.total"), value(r, CONSUMER + "time.between.poll.avg"),
                    value(r, CONSUMER + "fetch.manager.fetch.latency.avg"),
                    value(r, CONSUMER + "fetch.manager.records.consumed.total"),
                    value(r, CONSUMER + "fetch.manager.records.lag.max"), lag));
        }
    }

    List<Overview.Client> clients() {
        return clients;
    }

    /** The lag the group's consumers report for the partition (the largest if several do), or null. */
    Double lag(String group, String topic, int partition) {
        return lagByGroupPartition.get(key(group, topic, partition));
    }

    private static String key(String group, String topic, int partition) {
        return group + '\u0000' + topic + '\u0000' + partition;
    }

    private static String kind(ClientReport r) {
        for (MetricPoint p : r.metrics()) {
            if (p.name().startsWith(PRODUCER)) {
                return "producer";
            }
            if (p.name().startsWith(CONSUMER)) {
                return "consumer";
            }
        }
        return "client";
    }

    /** The client-wide value of the metric (NaN, as Kafka reports an average without samples, counts as absent). */
    private static Double value(ClientReport r, String name) {
        Optional<Double> v = r.value(name);
        return v.isPresent() && Double.isFinite(v.get()) ? v.get() : null;
    }

    private static Integer parse(String text) {
        try {
            return text == null ? null : Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
