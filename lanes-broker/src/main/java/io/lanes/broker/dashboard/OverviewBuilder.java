package io.lanes.broker.dashboard;

import io.lanes.broker.hotkeys.HotKeys;
import io.lanes.broker.metrics.BrokerMetrics;
import io.lanes.broker.metrics.Latencies;
import io.lanes.broker.metrics.Latency;
import io.lanes.broker.metrics.PartitionMeters;
import io.lanes.broker.telemetry.ClientTelemetry;
import io.lanes.coordinator.group.GroupCoordinator;
import io.lanes.coordinator.group.GroupSummary;
import io.lanes.storage.LogManager;
import io.lanes.storage.PartitionLog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Builds the dashboard's {@link Overview} from the logs, the group coordinator, the metrics and hot keys, and
 * samples group lag every {@value #SAMPLE_MS} ms into a {@link LagHistory} (on a daemon thread of its own, started
 * by {@link #start()}, stopped by {@link #close()}).
 *
 * <p>Thread-safe.
 */
public final class OverviewBuilder implements AutoCloseable {
    static final int MAX_TOPICS = 500;
    static final int MAX_GROUPS = 200;
    static final int MAX_PARTITIONS = 5000;
    static final long SAMPLE_MS = 5000;
    static final int TIMELINE_EVENTS = 10;
    static final int TIMELINE_MOVES = 8;
    static final int MAX_CLIENTS = 100;
    static final int MAX_CLIENT_PARTITIONS = 50;

    private final LogManager logs;
    private final GroupCoordinator groups;
    private final BrokerMetrics metrics;
    private final HotKeys hotKeys;
    private final ClientTelemetry telemetry;
    private volatile LagVerdicts verdicts;
    private final LagHistory history = new LagHistory();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lanes-lag-sampler");
        t.setDaemon(true);
        return t;
    });

    public OverviewBuilder(LogManager logs, GroupCoordinator groups, BrokerMetrics metrics, HotKeys hotKeys,
                           ClientTelemetry telemetry) {
        this.logs = logs;
        this.groups = groups;
        this.metrics = metrics;
        this.hotKeys = hotKeys;
        this.telemetry = telemetry;
    }

    /** Shows {@code provider}'s verdict beside each group from now on (null: none). */
    public void verdicts(LagVerdicts provider) {
        this.verdicts = provider;
    }

    /** Starts sampling lag (a first sample at once, so a fresh page has a point). */
    public OverviewBuilder start() {
        sampler.scheduleWithFixedDelay(() -> {
            try {
                build();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(OverviewBuilder.class).debug("Lag sample failed", e);
            }
        }, 0, SAMPLE_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The overview now; records the lag it computed in the history. */
    public Overview build() {
        long now = System.currentTimeMillis();
        boolean truncated = false;
        Map<String, List<PartitionLog>> byTopic = new TreeMap<>();
        for (PartitionLog log : logs.all()) {
            byTopic.computeIfAbsent(log.topicPartition().topic(), t -> new ArrayList<>()).add(log);
        }
        Map<TopicPartition, PartitionMeters> traffic = metrics.partitions();
        List<Overview.Topic> topics = new ArrayList<>();
        int partitions = 0;
        for (Map.Entry<String, List<PartitionLog>> e : byTopic.entrySet()) {
            if (topics.size() >= MAX_TOPICS || partitions + e.getValue().size() > MAX_PARTITIONS) {
                truncated = true;
                break;
            }
            List<Overview.Partition> ps = new ArrayList<>();
            e.getValue().sort(Comparator.comparingInt(l -> l.topicPartition().partition()));
            for (PartitionLog log : e.getValue()) {
                PartitionMeters m = traffic.get(log.topicPartition());
                ps.add(new Overview.Partition(log.topicPartition().partition(), log.logStartOffset(),
                        log.logEndOffset(), sizeOf(log), m == null ? 0 : m.messagesIn(), m == null ? 0 : m.bytesIn(),
                        m == null ? 0 : m.bytesOut(), m == null ? 0 : m.messagesOut()));
            }
            partitions += ps.size();
            topics.add(new Overview.Topic(e.getKey(), ps));
        }
        List<GroupSummary> summaries = new ArrayList<>(groups.summaries());
        summaries.sort(Comparator.comparing(GroupSummary::groupId));
        if (summaries.size() > MAX_GROUPS) {
            summaries = summaries.subList(0, MAX_GROUPS);
            truncated = true;
        }
        ClientViews clients = new ClientViews(telemetry.snapshot(), MAX_CLIENTS, MAX_CLIENT_PARTITIONS);
        LagVerdicts provider = verdicts;
        Map<String, LagVerdicts.LagVerdict> verdictsNow = provider == null ? Map.of() : safely(provider);
        List<Overview.Group> groupViews = new ArrayList<>();
        for (GroupSummary g : summaries) {
            groupViews.add(group(g, now, clients, verdictsNow.get(g.groupId())));
        }
        history.expire(now);
        return new Overview(now, health(), topics, groupViews, hotKeys.report(), clients.clients(), provider != null,
                truncated);
    }

    /** The provider's verdicts; a failing provider must not take the dashboard down with it. */
    private static Map<String, LagVerdicts.LagVerdict> safely(LagVerdicts provider) {
        try {
            Map<String, LagVerdicts.LagVerdict> v = provider.verdicts();
            return v == null ? Map.of() : v;
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(OverviewBuilder.class).debug("Lag verdicts failed", e);
            return Map.of();
        }
    }

    private Overview.Group group(GroupSummary g, long now, ClientViews clients, LagVerdicts.LagVerdict verdict) {
        OffsetFetchResponseGroup committed = groups.fetchOffsets(new OffsetFetchRequestGroup().setGroupId(g.groupId())
                .setTopics(null), false, false);
        List<Overview.PartitionLag> lag = new ArrayList<>();
        long total = 0;
        for (OffsetFetchResponseTopics t : committed.topics()) {
            for (OffsetFetchResponsePartitions p : t.partitions()) {
                if (p.committedOffset() < 0) {
                    continue;
                }
                long end = logs.get(new TopicPartition(t.name(), p.partitionIndex()))
                        .map(PartitionLog::highWatermark).orElse(p.committedOffset());
                long partitionLag = Math.max(0, end - p.committedOffset());
                total += partitionLag;
                String key = LagHistory.partitionKey(g.groupId(), t.name(), p.partitionIndex());
                history.add(key, now, partitionLag);
                lag.add(new Overview.PartitionLag(t.name(), p.partitionIndex(), p.committedOffset(), end, partitionLag,
                        history.get(key), clients.lag(g.groupId(), t.name(), p.partitionIndex())));
            }
        }
        lag.sort(Comparator.comparing(Overview.PartitionLag::topic).thenComparingInt(Overview.PartitionLag::partition));
        history.add(LagHistory.groupKey(g.groupId()), now, total);
        return new Overview.Group(g.groupId(), g.type().wireName(), g.state(), g.members(), g.generationOrEpoch(),
                total, lag, history.get(LagHistory.groupKey(g.groupId())),
                groups.timeline().group(g.groupId()).rebalances(),
                GroupTimelines.latest(groups.timeline(), g.groupId(), TIMELINE_EVENTS, TIMELINE_MOVES), verdict);
    }

    private Overview.Health health() {
        MeterRegistry r = metrics.registry();
        Latencies latencies = metrics.latencies();
        // One snapshot serves both produce percentiles: a snapshot computes every percentile of the distribution.
        Latency.Snapshot produce = snapshot(latencies.find("kafka.network.requestmetrics.totaltimems", "request",
                "Produce"));
        double heapUsed = r.find("jvm.memory.used").tag("area", "heap").gauges().stream().mapToDouble(Gauge::value).sum();
        double heapMax = r.find("jvm.memory.max").tag("area", "heap").gauges().stream()
                .mapToDouble(Gauge::value).filter(v -> v > 0).sum();
        return new Overview.Health(ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0,
                gauge(r, "process.cpu.usage"), heapUsed, heapMax, gauge(r, "disk.free"), gauge(r, "disk.total"),
                gauge(r, "kafka.server.socket.server.metrics.connection.count"),
                percentile(produce, 0.5), percentile(produce, 0.99),
                percentile(snapshot(latencies.find("kafka.network.requestmetrics.totaltimems", "request", "Fetch")),
                        0.99),
                percentile(snapshot(latencies.find("kafka.log.logflushstats.logflushrateandtimems")), 0.99));
    }

    private static double gauge(MeterRegistry r, String name) {
        Gauge g = r.find(name).gauge();
        return g == null ? -1 : g.value();
    }

    private static Latency.Snapshot snapshot(Latency latency) {
        return latency == null ? null : latency.snapshot();
    }

    private static double percentile(Latency.Snapshot snapshot, double p) {
        return snapshot == null ? -1 : snapshot.percentile(p);
    }

    private static long sizeOf(PartitionLog log) {
        try {
            return log.sizeInBytes();
        } catch (RuntimeException e) {
            return 0; // deleted meanwhile
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
