package io.lanes.bench.share;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One contestant's two runs on one broker, each on a fresh topic and group: a <b>drain</b> ({@code records}
 * produced first, then the consumers start; records/s from the first to the last record handled, so group joins
 * do not count) and a <b>latency</b> run (the consumers consume first, then records are produced at a fixed rate;
 * end-to-end latency from the producer's timestamp to the end of handling). Keys: one hot key takes
 * {@code hotShare} of the records, the rest are spread evenly over {@code keys - 1} others. Both runs count per-key
 * order violations.
 *
 * <p>Not thread-safe: one thread runs a race.
 */
public final class ShareRace {

    /** The workload, the same for every contestant. */
    public record Workload(int partitions, int consumers, int records, int keys, double hotShare, long handlerMicros,
                           int latencyRate, int latencySeconds, long timeoutMs) {
    }

    /** What one contestant reached in one round. */
    public record Outcome(double perSecond, double latencyP50, double latencyP99, long violations, boolean complete) {
    }

    private final String bootstrap;
    private final Workload workload;

    public ShareRace(String bootstrap, Workload workload) {
        this.bootstrap = bootstrap;
        this.workload = workload;
    }

    public Outcome run(ShareContestant contestant, int round) throws Exception {
        KeyOrderCheck check = new KeyOrderCheck();
        KeyOrderCheck latencyCheck = new KeyOrderCheck(); // another topic: its offsets start again at 0
        String drainTopic = "share-bench-drain-" + contestant.id() + "-" + round;
        prepare(contestant, drainTopic);
        produce(drainTopic, workload.records(), 0, new Random(round));
        Completions drained = new Completions(workload.records());
        boolean complete;
        try (ConsumerPool pool = new ConsumerPool(contestant, bootstrap, drainTopic, drainTopic + "-group",
                workload.consumers(), workload.handlerMicros(), check, drained)) {
            complete = drained.await(workload.timeoutMs());
        }
        String latencyTopic = "share-bench-latency-" + contestant.id() + "-" + round;
        prepare(contestant, latencyTopic);
        int measured = workload.latencyRate() * workload.latencySeconds();
        Completions latency = new Completions(measured);
        try (ConsumerPool pool = new ConsumerPool(contestant, bootstrap, latencyTopic, latencyTopic + "-group",
                workload.consumers(), workload.handlerMicros(), latencyCheck, latency)) {
            warmUp(latencyTopic, pool);
            produce(latencyTopic, measured, workload.latencyRate(), new Random(round + 1000));
            complete &= latency.await(workload.timeoutMs());
        }
        int skip = Math.min(measured / 10, workload.latencyRate()); // the first second (or tenth) warms up
        return new Outcome(drained.perSecond(), latency.latencyQuantile(0.5, skip),
                latency.latencyQuantile(0.99, skip), check.violations() + latencyCheck.violations(), complete);
    }

    /** The topic, and the group configs: start at the earliest offset, plus the contestant's own. */
    private void prepare(ShareContestant contestant, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, workload.partitions(), (short) 1))).all()
                    .get(60, TimeUnit.SECONDS);
            if (contestant.share()) {
                Map<String, String> configs = new HashMap<>(contestant.groupConfigs());
                configs.put("share.auto.offset.reset", "earliest");
                List<AlterConfigOp> ops = new ArrayList<>();
                configs.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, topic + "-group"),
                        ops)).all().get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** Until the group handles records: one warm-up record every 100 ms, then one more second for every member. */
    private void warmUp(String topic, ConsumerPool pool) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(workload.timeoutMs());
            while (pool.warmUps() == 0 && System.nanoTime() < deadline) {
                producer.send(new ProducerRecord<>(topic, "warm-up", "w")).get();
                Thread.sleep(100);
            }
        }
        Thread.sleep(1_000);
    }

    /** {@code count} records with skewed keys, as fast as possible ({@code rate} 0) or at {@code rate} per second. */
    private void produce(String topic, int count, int rate, Random random) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                if (rate > 0) {
                    long due = start + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                String key = random.nextDouble() < workload.hotShare() ? "hot"
                        : "k" + random.nextInt(Math.max(1, workload.keys() - 1));
                producer.send(new ProducerRecord<>(topic, key, "m" + i));
            }
            producer.flush();
        }
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", 5),
                new StringSerializer(), new StringSerializer());
    }
}
