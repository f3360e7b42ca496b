package io.lanes.bench.processor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One round of the processor race on a running broker: a topic of skewed keys is produced, then
 * each contestant drains it from the beginning in its own group (throughput, order violations),
 * then each consumes a fixed-rate stream (end-to-end latency percentiles).
 *
 * <p>Not thread-safe; one round at a time.
 */
public final class ProcessorRace {

    /** What the race runs. */
    public record Settings(int partitions, int records, int keys, double skew, long handlerMicros, int concurrency,
                           Duration drainTimeout, Duration plainBudget, int latencyRate, int latencySeconds,
                           List<String> contestants) {
    }

    /** One contestant's figures in one round; {@code kill} only when the SIGKILL measurement ran. */
    public record Outcome(String contestant, double perSecond, long handled, long violations, double latencyP50,
                          double latencyP99, double latencyP999, Optional<KillOutcome> kill) {
    }

    /**
     * A contestant SIGKILLed when it had completed {@code completedBeforeKill} records, then resumed by a
     * new process in the same group: how many records were handled twice, and how many were not handled by the time the run gave up.
     */
    public record KillOutcome(long completedBeforeKill, long reprocessed, long missing) {
    }

    /** Starts a contestant in a JVM of its own ({@link ContestantProcess} with these arguments). */
    public interface Spawner {
        /** @return what SIGKILLs that JVM */
        Runnable spawn(String label, List<String> args) throws IOException;
    }

    private final String bootstrap;
    private final Settings settings;
    private long hottestKeyRecords;

    public ProcessorRace(String bootstrap, Settings settings) {
        this.bootstrap = bootstrap;
        this.settings = settings;
    }

    /** The throughput key order allows for this round's data, at the race's concurrency and latency. */
    public double idealPerSecond() {
        return SkewedKeys.idealPerSecond(settings.concurrency(), settings.handlerMicros() / 1000.0, settings.records(),
                hottestKeyRecords);
    }

    /**
     * Runs every contestant, in the given order; returns their outcomes by name. With a spawner, each library
     * is also SIGKILLed half-way through draining the topic in a JVM of its own, and resumed.
     */
    public Map<String, Outcome> run(int round, List<String> order, Optional<Spawner> spawner, Path dir)
            throws Exception {
        String topic = "race-" + round + "-" + System.nanoTime();
        createTopic(topic);
        hottestKeyRecords = produceBacklog(topic, round);
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (String name : order) {
            HandledLedger drained = drain(name, topic, round);
            boolean library = !name.equals("plain-group");
            Optional<HandledLedger> timed = library ? Optional.of(latency(name, round)) : Optional.empty();
            Optional<KillOutcome> kill = Optional.empty();
            if (library && spawner.isPresent()) {
                kill = Optional.of(killAndResume(name, topic, round, spawner.get(), dir));
            }
            outcomes.put(name, new Outcome(name, drained.perSecond(), drained.handled(), drained.violations()
                    + timed.map(HandledLedger::violations).orElse(0L),
                    timed.map(l -> l.latencyPercentile(0.50)).orElse(Double.NaN),
                    timed.map(l -> l.latencyPercentile(0.99)).orElse(Double.NaN),
                    timed.map(l -> l.latencyPercentile(0.999)).orElse(Double.NaN), kill));
        }
        return outcomes;
    }

    private HandledLedger drain(String name, String topic, int round) throws InterruptedException {
        HandledLedger ledger = new HandledLedger(1);
        Duration budget = name.equals("plain-group") ? settings.plainBudget() : settings.drainTimeout();
        try (Contestant contestant = Contestant.named(name, settings.concurrency(), settings.partitions())) {
            contestant.start(consumerConfig(), topic, name + "-drain-" + round, ledger, settings.handlerMicros());
            // the group forms first; the budget counts from the first handled record
            awaitUntil(() -> ledger.handled() > 0, Duration.ofSeconds(60));
            awaitUntil(() -> ledger.handled() >= settings.records(), budget);
            if (ledger.handled() > 0 && ledger.handled() < settings.records()) {
                // the budget ran out first (the plain group's is short on purpose): the rate so far is the figure
                System.out.printf("    %s handled %,d of %,d records within its budget%n", name, ledger.handled(),
                        settings.records());
            }
        }
        return ledger;
    }

    private KillOutcome killAndResume(String name, String topic, int round, Spawner spawner, Path dir)
            throws Exception {
        String group = name + "-kill-" + round;
        Path first = dir.resolve(name + "-killed.completions");
        Path second = dir.resolve(name + "-resumed.completions");
        List<Path> files = List.of(first, second);
        CompletionLog.Tally tally = new CompletionLog.Tally();
        Runnable kill = spawner.spawn(name + "-killed", args(name, topic, group, first));
        awaitUntil(() -> refreshed(tally, files).lines(first) >= settings.records() / 2, settings.drainTimeout());
        kill.run();
        long before = refreshed(tally, files).lines(first);
        Runnable resumed = spawner.spawn(name + "-resumed", args(name, topic, group, second));
        try {
            awaitUntil(() -> refreshed(tally, files).distinct() >= settings.records(), settings.drainTimeout());
            Thread.sleep(2_000); // anything handled twice late still shows
        } finally {
            resumed.run();
        }
        refreshed(tally, files);
        return new KillOutcome(before, tally.repeated(), settings.records() - tally.distinct());
    }

    private static CompletionLog.Tally refreshed(CompletionLog.Tally tally, List<Path> files) {
        try {
            return tally.refresh(files);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> args(String name, String topic, String group, Path completions) {
        return List.of(name, bootstrap, topic, group, Integer.toString(settings.concurrency()),
                Long.toString(settings.handlerMicros()), completions.toString());
    }

    private HandledLedger latency(String name, int round) throws Exception {
        String topic = "latency-" + round + "-" + name + "-" + System.nanoTime();
        createTopic(topic);
        int total = settings.latencyRate() * settings.latencySeconds();
        HandledLedger ledger = new HandledLedger(total);
        try (Contestant contestant = Contestant.named(name, settings.concurrency(), settings.partitions());
             KafkaProducer<String, String> producer = producer()) {
            contestant.start(consumerConfig(), topic, name + "-latency-" + round, ledger, settings.handlerMicros());
            // warm-up: until the contestant handles records, its group is still forming
            long[] warmSeq = new long[1];
            awaitUntil(() -> {
                producer.send(new ProducerRecord<>(topic, "warm-up", Long.toString(warmSeq[0]++)));
                return ledger.handled() > 0;
            }, Duration.ofSeconds(60));
            ledger.keepLatenciesFrom(System.currentTimeMillis());
            SkewedKeys keys = new SkewedKeys(settings.keys(), settings.skew(), 1000L + round);
            long[] seq = new long[settings.keys()];
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / settings.latencyRate());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int key = keys.next();
                producer.send(new ProducerRecord<>(topic, SkewedKeys.name(key), Long.toString(seq[key]++)));
            }
            producer.flush();
            long expected = total + warmSeq[0];
            awaitUntil(() -> ledger.handled() >= expected, settings.drainTimeout());
        }
        return ledger;
    }

    /** Produces the backlog; returns how many records the hottest key has. */
    private long produceBacklog(String topic, int round) {
        SkewedKeys keys = new SkewedKeys(settings.keys(), settings.skew(), round);
        long[] seq = new long[settings.keys()];
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < settings.records(); i++) {
                int key = keys.next();
                producer.send(new ProducerRecord<>(topic, SkewedKeys.name(key), Long.toString(seq[key]++)));
            }
            producer.flush();
        }
        long hottest = 0;
        for (long count : seq) {
            hottest = Math.max(hottest, count);
        }
        return hottest;
    }

    private void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(settings.partitions()), Optional.empty())))
                    .all().get(60, TimeUnit.SECONDS);
        }
    }

    private KafkaProducer<String, String> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("linger.ms", 5);
        config.put("batch.size", 65536);
        config.put("acks", "1");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("auto.offset.reset", "earliest");
        return config;
    }

    private static void awaitUntil(BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** The contestants in the order of a round: alternating, so none always runs first on a cold broker. */
    public static List<String> order(List<String> contestants, int round) {
        List<String> order = new ArrayList<>(contestants);
        if (round % 2 == 0) {
            java.util.Collections.reverse(order);
        }
        return order;
    }
}
