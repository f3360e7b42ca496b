package io.lanes.cli.serve;

import io.lanes.ops.lag.GroupLag;
import io.lanes.ops.lag.LagReport;
import io.lanes.ops.lag.LagStatus;
import io.lanes.ops.lag.PartitionLag;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Binds {@link LagReport}s to Micrometer gauges with kafka-lag-exporter's names and labels:
 * <pre>
 * kafka_consumergroup_group_offset, _group_lag, _group_lag_seconds
 *     {cluster_name, group, topic, partition, member_host, consumer_id, client_id}
 * kafka_consumergroup_group_max_lag, _group_max_lag_seconds, _group_sum_lag   {cluster_name, group}
 * kafka_partition_latest_offset, kafka_partition_earliest_offset   {cluster_name, topic, partition}
 * kafka_consumergroup_group_status      {cluster_name, group, status}   1 for the group's status, 0 for the others
 * kafka_consumergroup_partition_status  {cluster_name, group, topic, partition, status}   likewise
 * </pre>
 * Each {@link #update} replaces every series, so groups and members that went away disappear.
 * A lag in seconds that could not be read is left out rather than exported as a guess.
 * Thread-safe: updates are serialized; read the registry through {@link #read}, which waits for an update in progress
 * (an update replaces the series one metric at a time, so a scrape in the middle would miss whole metrics).
 */
public final class LagMetrics {
    private static final List<LagStatus> GROUP_STATUSES = List.of(LagStatus.OK, LagStatus.WARN, LagStatus.ERR);
    private static final List<LagStatus> PARTITION_STATUSES = List.of(LagStatus.OK, LagStatus.WARN, LagStatus.STOP,
            LagStatus.STALL, LagStatus.REWIND);

    private final String clusterName;
    private final Map<String, MultiGauge> gauges = new HashMap<>();
    private final MeterRegistry registry;

    public LagMetrics(MeterRegistry registry, String clusterName) {
        this.registry = registry;
        this.clusterName = clusterName;
    }

    public synchronized void update(LagReport report) {
        Map<String, List<MultiGauge.Row<?>>> rows = new HashMap<>();
        Set<Tags> topicPartitions = new HashSet<>();
        for (GroupLag g : report.groups()) {
            Tags group = Tags.of("cluster_name", clusterName, "group", g.group());
            add(rows, "kafka_consumergroup_group_max_lag", group, g.maxLag());
            if (g.maxLagSeconds() != null) {
                add(rows, "kafka_consumergroup_group_max_lag_seconds", group, g.maxLagSeconds());
            }
            add(rows, "kafka_consumergroup_group_sum_lag", group, g.totalLag());
            for (LagStatus status : GROUP_STATUSES) {
                add(rows, "kafka_consumergroup_group_status", group.and("status", status.name()),
                        g.status() == status ? 1 : 0);
            }
            for (PartitionLag p : g.partitions()) {
                Tags partition = group.and("topic", p.topic(), "partition", Integer.toString(p.partition()));
                Tags member = partition.and("member_host", p.member().host(), "consumer_id", p.member().consumerId(),
                        "client_id", p.member().clientId());
                add(rows, "kafka_consumergroup_group_offset", member, p.committed());
                add(rows, "kafka_consumergroup_group_lag", member, p.lag());
                if (p.lagSeconds() != null) {
                    add(rows, "kafka_consumergroup_group_lag_seconds", member, p.lagSeconds());
                }
                for (LagStatus status : PARTITION_STATUSES) {
                    add(rows, "kafka_consumergroup_partition_status", partition.and("status", status.name()),
                            p.status() == status ? 1 : 0);
                }
                Tags topicPartition = Tags.of("cluster_name", clusterName, "topic", p.topic(), "partition",
                        Integer.toString(p.partition()));
                if (topicPartitions.add(topicPartition)) { // one series per partition, however many groups read it
                    add(rows, "kafka_partition_latest_offset", topicPartition, p.latest());
                    add(rows, "kafka_partition_earliest_offset", topicPartition, p.earliest());
                }
            }
        }
        for (String name : List.of("kafka_consumergroup_group_offset", "kafka_consumergroup_group_lag",
                "kafka_consumergroup_group_lag_seconds", "kafka_consumergroup_group_max_lag",
                "kafka_consumergroup_group_max_lag_seconds", "kafka_consumergroup_group_sum_lag",
                "kafka_partition_latest_offset", "kafka_partition_earliest_offset",
                "kafka_consumergroup_group_status", "kafka_consumergroup_partition_status")) {
            gauges.computeIfAbsent(name, n -> MultiGauge.builder(n).register(registry))
                    .register(rows.getOrDefault(name, List.of()), true);
        }
    }

    /** What {@code reader} reads from the registry (a scrape), never in the middle of an {@link #update}. */
    public synchronized <T> T read(Supplier<T> reader) {
        return reader.get();
    }

    private static void add(Map<String, List<MultiGauge.Row<?>>> rows, String name, Tags tags, Number value) {
        rows.computeIfAbsent(name, k -> new ArrayList<>()).add(MultiGauge.Row.of(tags, value));
    }
}
