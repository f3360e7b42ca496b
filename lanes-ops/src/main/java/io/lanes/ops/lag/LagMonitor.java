package io.lanes.ops.lag;

import io.lanes.ops.ReaderConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Watches consumer groups of any Kafka cluster: each {@link #tick()} samples offsets and reads
 * the commits that arrived since, {@link #report()} evaluates them. It follows
 * {@code __consumer_offsets} when that topic can be read in Kafka's record format, and otherwise
 * samples committed offsets, which its {@link CommitSource} says. Not thread-safe: one thread
 * ticks and reports (as {@code lanes lag} and {@code lanes ops serve} do).
 */
public final class LagMonitor implements AutoCloseable {
    private final Admin admin;
    private final Consumer<byte[], byte[]> recordReader;
    private final OffsetsSampler sampler;
    private final RecordAgeReader ages;
    private final LagEvaluator evaluator;
    private final LagSettings settings;
    private final Clock clock;
    private CommitLogReader commitLog;
    private CommitSource source;

    private LagMonitor(Map<String, Object> clientConfig, LagSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.admin = Admin.create(clientConfig);
        this.recordReader = consumer(clientConfig, "lanes-lag-records", Map.of(
                "max.partition.fetch.bytes", 64 * 1024, "auto.offset.reset", "earliest"));
        this.sampler = new OffsetsSampler(admin, settings.requestTimeout(), clock);
        this.ages = new RecordAgeReader(recordReader, settings.ageReadBound());
        this.evaluator = new LagEvaluator(settings.windowSize(), settings.minDistance(), settings.thresholds());
        if (settings.followCommitLog()) {
            try {
                commitLog = CommitLogReader.open(consumer(clientConfig, "lanes-lag-commits", Map.of(
                        "auto.offset.reset", "latest")), settings.requestTimeout());
                source = CommitSource.commitLog();
            } catch (CommitLogUnavailableException e) {
                source = CommitSource.sampling(e.getMessage());
            }
        } else {
            source = CommitSource.sampling("following __consumer_offsets is turned off");
        }
    }

    /** Connects with {@code clientConfig} (bootstrap servers, security, timeouts) and positions on the commit log. */
    public static LagMonitor open(Map<String, Object> clientConfig, LagSettings settings) {
        return new LagMonitor(clientConfig, settings, Clock.systemUTC());
    }

    /** One sampling round: offsets of every watched group, then the commits read since the last round. */
    public void tick() throws ExecutionException, InterruptedException, TimeoutException {
        evaluator.observe(sampler.sample(settings.groups()), commitLog != null);
        if (commitLog == null) {
            return;
        }
        try {
            List<OffsetCommit> commits = commitLog.poll(Duration.ofMillis(100));
            while (!commits.isEmpty()) {
                commits.forEach(evaluator::observe);
                commits = commitLog.poll(Duration.ZERO);
            }
        } catch (CommitLogUnavailableException e) {
            commitLog.close();
            commitLog = null;
            source = CommitSource.sampling(e.getMessage());
        }
    }

    /** The verdicts now, with the lag in seconds read from the oldest unconsumed records. */
    public LagReport report() {
        Map<TopicPartition, Map<Long, Long>> timestamps = new HashMap<>();
        Map<TopicPartition, Set<Long>> lagging = evaluator.lagging();
        // a consumer seeks one offset per partition at a time: groups at different offsets of one partition take rounds
        while (!lagging.isEmpty()) {
            Map<TopicPartition, Long> round = new HashMap<>();
            for (Iterator<Map.Entry<TopicPartition, Set<Long>>> it = lagging.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<TopicPartition, Set<Long>> entry = it.next();
                Long offset = entry.getValue().iterator().next();
                entry.getValue().remove(offset);
                round.put(entry.getKey(), offset);
                if (entry.getValue().isEmpty()) {
                    it.remove();
                }
            }
            ages.timestampsAt(round).forEach((tp, ts) ->
                    timestamps.computeIfAbsent(tp, k -> new HashMap<>()).put(round.get(tp), ts));
        }
        return evaluator.evaluate(clock.millis(), timestamps, source);
    }

    public CommitSource commitSource() {
        return source;
    }

    /** The cluster's id, for labelling what is exported. */
    public String clusterId() throws ExecutionException, InterruptedException, TimeoutException {
        return admin.describeCluster().clusterId().get(settings.requestTimeout().toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private static Consumer<byte[], byte[]> consumer(Map<String, Object> clientConfig, String clientId,
                                                     Map<String, Object> overrides) {
        Map<String, Object> config = ReaderConfig.of(clientConfig); // assign only: never joins or commits for a group
        config.put("client.id", clientId);
        config.put("isolation.level", "read_committed");
        config.putAll(overrides);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        if (commitLog != null) {
            commitLog.close();
        }
        recordReader.close(CloseOptions.timeout(Duration.ofSeconds(1)));
        admin.close(Duration.ofSeconds(1));
    }
}
