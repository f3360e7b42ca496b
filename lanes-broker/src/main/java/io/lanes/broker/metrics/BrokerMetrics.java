package io.lanes.broker.metrics;

import io.lanes.broker.fetch.DelayedFetches;
import io.lanes.broker.hotkeys.HotKeyReport;
import io.lanes.broker.hotkeys.HotKeys;
import io.lanes.coordinator.group.GroupCoordinator;
import io.lanes.coordinator.group.GroupSummary;
import io.lanes.coordinator.txn.TransactionCoordinator;
import io.lanes.storage.FlushListener;
import io.lanes.storage.LogManager;
import io.lanes.storage.PartitionLog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The broker's Micrometer registry (Prometheus) and what it measures besides requests
 * ({@code network.RequestMetrics}):
 * <ul>
 *   <li>traffic per topic and partition ({@link TrafficMeters});</li>
 *   <li>per partition, as Kafka's {@code kafka.log:type=Log} gauges: {@code kafka_log_log_logendoffset},
 *       {@code kafka_log_log_logstartoffset}, {@code kafka_log_log_size} (tags {@code topic}, {@code partition});</li>
 *   <li>fsyncs: {@code kafka_log_logflushstats_logflushrateandtimems} (ms, Kafka's percentiles),
 *       {@code lanes_groupcommit_records} (offsets made durable per fsync), {@code lanes_groupcommit_acks} (produce
 *       requests released per fsync; each fsync covers one partition), and
 *       {@code lanes_produce_durable_ms} (an acks=all produce in fsync mode, from the start of its append until
 *       durable);</li>
 *   <li>groups: Kafka's {@code kafka_coordinator_group_groupmetadatamanager_numgroups} (and {@code ..._numgroupsstable},
 *       {@code ...preparingrebalance}, {@code ...completingrebalance}, {@code ...empty}, {@code ...dead}), per group
 *       {@code lanes_group_members}, {@code lanes_group_generation} (generation or group epoch),
 *       {@code lanes_group_rebalances} (generations or epoch bumps since start-up) and
 *       {@code lanes_group_state} (1, tag {@code state});</li>
 *   <li>transactions: {@code lanes_transactions_open}, {@code lanes_transactions_committed_total},
 *       {@code lanes_transactions_aborted_total};</li>
 *   <li>hot keys ({@code hotkeys.HotKeys}): {@code lanes_hotkey_share} (tags {@code topic}, {@code partition},
 *       {@code key}; hot keys only, at most {@value #MAX_HOT_KEY_SERIES}) and {@code lanes_partition_skew};</li>
 *   <li>JVM and process: Micrometer's memory, GC, threads, class loading, CPU, open files, uptime and disk space
 *       binders ({@code jvm_*}, {@code process_*}, {@code system_*}, {@code disk_*}).</li>
 * </ul>
 * Gauges over partitions and groups are brought up to date by {@link #refresh()}, which every scrape runs.
 *
 * <p>Thread-safe. {@link #close()} stops the GC listener.
 */
public final class BrokerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Latencies latencies = new Latencies();
    private final boolean enabled;
    private final TrafficMeters traffic;
    /** Set by {@link #bindJvm}. */
    private volatile JvmGcMetrics gc;
    private final Path dataDir;
    private final Latency flushTime;
    private final Latency flushRecords;
    private final Latency flushAcks;
    private final Latency durableLatency;
    private final AtomicReference<List<GroupSummary>> groups = new AtomicReference<>(List.of());
    private volatile LogManager logs;
    private volatile GroupCoordinator groupCoordinator;
    private MultiGauge logEndOffsets;
    private MultiGauge logStartOffsets;
    private MultiGauge logSizes;
    private MultiGauge groupMembers;
    private MultiGauge groupGenerations;
    private MultiGauge groupStates;
    private MultiGauge groupRebalances;
    private MultiGauge hotKeyShares;
    private MultiGauge partitionSkews;
    private volatile HotKeys hotKeys;
    /** Hot keys exported as labels at most: label values are user data, their number must stay bounded. */
    static final int MAX_HOT_KEY_SERIES = 50;

    public BrokerMetrics(boolean enabled, Path dataDir) {
        this.enabled = enabled;
        this.traffic = new TrafficMeters(registry, enabled);
        this.dataDir = dataDir;
        registry.getPrometheusRegistry().register(latencies);
        flushTime = latencies.millis("kafka.log.logflushstats.logflushrateandtimems",
                "Time of one fsync of a partition log, ms");
        flushRecords = latencies.sizes("lanes.groupcommit.records", "Offsets made durable by one fsync");
        flushAcks = latencies.sizes("lanes.groupcommit.acks", "acks=all produce requests released by one fsync");
        durableLatency = latencies.millis("lanes.produce.durable.ms",
                "acks=all produce: from the append until the records are durable, ms");
    }

    /**
     * Binds the JVM's and the process's meters (memory, GC, threads, classes, CPU, file descriptors, uptime, the data
     * directory's disk space). Called once; the broker does so after its Kafka port accepts, because no client
     * request needs them and their set-up is a noticeable part of start-up (before the HTTP side serves them).
     */
    public void bindJvm() {
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new DiskSpaceMetrics(dataDir.toFile()).bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** True when traffic, requests and flushes are counted (lanes.metrics.enabled). */
    public boolean enabled() {
        return enabled;
    }

    /** The latency and size distributions (request stages, fsyncs), exported with every scrape. */
    public Latencies latencies() {
        return latencies;
    }

    public TrafficMeters traffic() {
        return traffic;
    }

    /** Records fsyncs of {@code logs} and exports gauges over its partitions, the groups and transactions. */
    public void bind(LogManager logs, GroupCoordinator groupCoordinator, TransactionCoordinator transactions) {
        this.logs = logs;
        this.groupCoordinator = groupCoordinator;
        if (enabled) {
            logs.setFlushListener(flushListener());
        }
        logEndOffsets = MultiGauge.builder("kafka.log.log.logendoffset").description("Log end offset")
                .register(registry);
        logStartOffsets = MultiGauge.builder("kafka.log.log.logstartoffset").description("Log start offset")
                .register(registry);
        logSizes = MultiGauge.builder("kafka.log.log.size").description("Bytes of the partition's segments")
                .register(registry);
        groupMembers = MultiGauge.builder("lanes.group.members").description("Members of the group")
                .register(registry);
        groupGenerations = MultiGauge.builder("lanes.group.generation")
                .description("Generation (classic) or group epoch (consumer)").register(registry);
        groupStates = MultiGauge.builder("lanes.group.state").description("1 for the group's current state")
                .register(registry);
        groupRebalances = MultiGauge.builder("lanes.group.rebalances")
                .description("Rebalances (classic generations, consumer epoch bumps) since the broker started")
                .register(registry);
        hotKeyShares = MultiGauge.builder("lanes.hotkey.share")
                .description("Share of its partition's sampled records of each hot key (hot keys only, at most "
                        + MAX_HOT_KEY_SERIES + ")").register(registry);
        partitionSkews = MultiGauge.builder("lanes.partition.skew")
                .description("Record rate of the partition over its topic's mean, last hot-key window")
                .register(registry);
        String prefix = "kafka.coordinator.group.groupmetadatamanager.numgroups";
        Gauge.builder(prefix, groups, g -> g.get().size()).description("Groups").register(registry);
        for (String state : List.of("Stable", "PreparingRebalance", "CompletingRebalance", "Empty", "Dead")) {
            Gauge.builder(prefix + state.toLowerCase(), groups, g -> g.get().stream()
                            .filter(s -> s.state().equals(state)).count())
                    .description("Groups in state " + state).register(registry);
        }
        Gauge.builder("lanes.transactions.open", transactions, TransactionCoordinator::openCount)
                .description("Transactions ongoing or being decided").register(registry);
        FunctionCounter.builder("lanes.transactions.committed", transactions, TransactionCoordinator::committedCount)
                .description("Transactions committed").register(registry);
        FunctionCounter.builder("lanes.transactions.aborted", transactions, TransactionCoordinator::abortedCount)
                .description("Transactions aborted (timed-out ones included)").register(registry);
        refresh();
    }

    /** Exports how many long-poll fetches ended at {@code fetch.max.wait.ms} (Kafka's DelayedFetchMetrics ExpiresPerSec). */
    public void bindDelayedFetches(DelayedFetches delayedFetches) {
        FunctionCounter.builder("kafka.server.delayedfetchmetrics.expirespersec", delayedFetches,
                        DelayedFetches::expiredCount)
                .tag("fetcherType", "consumer")
                .description("Fetches that waited until fetch.max.wait.ms without enough data").register(registry);
    }

    /** Exports what {@code hotKeys} finds (hot keys, partition skew) with every refresh. */
    public void bindHotKeys(HotKeys hotKeys) {
        this.hotKeys = hotKeys;
    }

    private FlushListener flushListener() {
        return (tp, records, acknowledged, nanos) -> {
            long now = System.nanoTime();
            flushTime.record(nanos, now);
            flushRecords.record(records, now);
            flushAcks.record(acknowledged, now);
        };
    }

    /** An acks=all produce (fsync mode) took {@code nanos} from the start of its append until durable. */
    public void durable(long nanos) {
        durableLatency.record(nanos);
    }

    /** Brings the partition and group gauges up to date; returns the groups seen. */
    public synchronized List<GroupSummary> refresh() {
        LogManager logManager = logs;
        if (logManager == null) {
            return List.of();
        }
        List<MultiGauge.Row<?>> ends = new ArrayList<>();
        List<MultiGauge.Row<?>> starts = new ArrayList<>();
        List<MultiGauge.Row<?>> sizes = new ArrayList<>();
        Set<TopicPartition> existing = new HashSet<>();
        for (PartitionLog log : logManager.all()) {
            TopicPartition tp = log.topicPartition();
            existing.add(tp);
            Tags tags = Tags.of("topic", tp.topic(), "partition", Integer.toString(tp.partition()));
            ends.add(MultiGauge.Row.of(tags, log, PartitionLog::logEndOffset));
            starts.add(MultiGauge.Row.of(tags, log, PartitionLog::logStartOffset));
            sizes.add(MultiGauge.Row.of(tags, log, l -> {
                try {
                    return l.sizeInBytes();
                } catch (RuntimeException e) {
                    return Double.NaN; // deleted meanwhile
                }
            }));
        }
        logEndOffsets.register(ends, true);
        logStartOffsets.register(starts, true);
        logSizes.register(sizes, true);
        traffic.retain(existing);
        HotKeys keys = hotKeys;
        if (keys != null) {
            keys.retain(existing);
            HotKeyReport report = keys.report();
            hotKeyShares.register(report.hotKeys().stream().limit(MAX_HOT_KEY_SERIES)
                    .map(k -> MultiGauge.Row.of(Tags.of("topic", k.topic(), "partition", Integer.toString(k.partition()),
                            "key", k.key()), k.recordsShare()))
                    .collect(Collectors.toList()), true);
            partitionSkews.register(report.partitions().stream()
                    .map(p -> MultiGauge.Row.of(Tags.of("topic", p.topic(), "partition", Integer.toString(p.partition())),
                            p.skew()))
                    .collect(Collectors.toList()), true);
        }
        List<GroupSummary> summaries = groupCoordinator.summaries();
        groups.set(summaries);
        groupMembers.register(summaries.stream().map(g -> MultiGauge.Row.of(groupTags(g), g.members()))
                .collect(Collectors.toList()), true);
        groupGenerations.register(summaries.stream().map(g -> MultiGauge.Row.of(groupTags(g), g.generationOrEpoch()))
                .collect(Collectors.toList()), true);
        groupStates.register(summaries.stream().map(g -> MultiGauge.Row.of(groupTags(g).and("state", g.state()), 1))
                .collect(Collectors.toList()), true);
        Map<String, Long> rebalances = groupCoordinator.timeline().rebalances();
        groupRebalances.register(summaries.stream().map(g -> MultiGauge.Row.of(groupTags(g),
                rebalances.getOrDefault(g.groupId(), 0L))).collect(Collectors.toList()), true);
        return summaries;
    }

    private static Tags groupTags(GroupSummary g) {
        return Tags.of("group", g.groupId(), "type", g.type().wireName());
    }

    /** Every meter in Prometheus' text format (0.0.4), gauges refreshed first. */
    public String scrape() {
        refresh();
        return registry.scrape();
    }

    /** Per-partition traffic counted so far (bytes and records in). */
    public Map<TopicPartition, PartitionMeters> partitions() {
        return traffic.all();
    }

    @Override
    public void close() {
        JvmGcMetrics bound = gc;
        if (bound != null) {
            bound.close();
        }
        registry.close();
    }
}
