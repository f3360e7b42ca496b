package io.lanes.bench;


import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * The workload run against one started broker: idle memory, topics, a warm-up, one saturating
 * ProducerPerformance run per partition count and compression (with the broker's CPU and heap allocation per GiB),
 * an optional saturating run in transactions, an optional fixed-rate latency run and end-to-end latency run at the
 * same rate, then a fetch of the first produce run's topic. The null broker only takes the produce runs. Each step is bounded; a failed step is recorded and later steps go on where
 * they still make sense.
 */
final class Scenario {

    private static final String LATENCY_TOPIC = "bench-latency";
    private static final String WARMUP_TOPIC = "bench-warmup";
    private static final String TRANSACTIONAL_TOPIC = "bench-transactional";

    private final BenchConfig config;
    private final RunningBroker broker;
    private final Results results;
    private final int roundNumber;
    private final String round;
    private final ToolRunner tools;

    Scenario(BenchConfig config, RunningBroker broker, Path dir, Results results, int round) throws IOException {
        this.config = config;
        this.broker = broker;
        this.results = results;
        this.roundNumber = round;
        this.round = "round " + round + " " + broker.kind().id();
        this.tools = new ToolRunner(broker, dir, Log4jConfig.write(dir, "tools-log4j2.properties", "WARN"),
                config.measurementTimeout());
    }

    void run() throws InterruptedException {
        BrokerKind kind = broker.kind();
        results.add(kind, Metric.STARTUP_MS, roundNumber, broker.startupMillis());
        Thread.sleep(config.settle().toMillis());
        double idleRssMib = ProcStats.rssKib(broker.jvm().pid()).orElse(-1) / 1024.0;
        results.add(kind, Metric.IDLE_RSS_MIB, roundNumber, idleRssMib < 0 ? Double.NaN : idleRssMib);
        progress("startup %.0f ms, idle RSS %.0f MiB", broker.startupMillis(), idleRssMib);

        boolean full = kind != BrokerKind.NULL;
        // the null broker serves no CreateTopics: it has every topic it is asked about
        if (full && !step("create topics", this::createTopics)) {
            return;
        }
        try (AllocationProbe allocation = AllocationProbe.attach(broker.jvm().pid())) {
            if (config.warmupRecords() > 0) {
                step("warm-up", () -> produce(WARMUP_TOPIC, config.warmupRecords(), "none", -1));
            }
            long consumable = 0;
            for (int partitions : config.partitions()) {
                for (String compression : config.compressions()) {
                    long[] produced = {0};
                    step("produce " + compression + " p" + partitions,
                            () -> produced[0] = measureProduce(compression, partitions, allocation));
                    if (compression.equals(config.compressions().get(0)) && partitions == config.defaultPartitions()) {
                        consumable = produced[0];
                    }
                }
            }
            if (full && config.transactionMs() > 0) {
                step("transactional produce", this::measureTransactionalProduce);
            }
            if (full && config.latencyRate() > 0) {
                step("fixed-rate produce", this::measureFixedRate);
            }
            if (full && config.endToEndRate() > 0) {
                for (int lingerMs : config.endToEndLingersMs()) {
                    step("end-to-end latency, linger.ms " + lingerMs, () -> measureEndToEnd(lingerMs));
                }
            }
            if (full && consumable > 0) {
                long expected = consumable;
                step("consume", () -> measureConsume(
                        BenchConfig.topic(config.compressions().get(0), config.defaultPartitions()), expected));
            }
        }
        ProcStats.peakRssKib(broker.jvm().pid())
                .ifPresent(kib -> results.add(kind, Metric.PEAK_RSS_MIB, roundNumber, kib / 1024.0));
    }

    private long measureProduce(String compression, int partitions, AllocationProbe allocation) throws Exception {
        DirtyPages.writeBack(config.measurementTimeout());
        long cpuBefore = cpu();
        OptionalLong allocatedBefore = allocation.allocatedBytes();
        ProduceResult result = produce(BenchConfig.topic(compression, partitions), config.records(), compression, -1);
        long cpuMillis = cpuSince(cpuBefore);
        OptionalLong allocatedAfter = allocation.allocatedBytes();
        BrokerKind kind = broker.kind();
        results.add(kind, Metric.produceMibps(compression, partitions), roundNumber, result.mibPerSecond());
        results.add(kind, Metric.produceP50(compression, partitions), roundNumber, result.p50Ms());
        results.add(kind, Metric.produceP99(compression, partitions), roundNumber, result.p99Ms());
        results.add(kind, Metric.produceCpu(compression, partitions), roundNumber, cpuPerGib(cpuMillis, result.records()));
        double allocatedGib = Double.NaN;
        if (allocatedBefore.isPresent() && allocatedAfter.isPresent()) {
            allocatedGib = (allocatedAfter.getAsLong() - allocatedBefore.getAsLong()) / (double) (1L << 30);
            results.add(kind, Metric.produceAllocation(compression, partitions), roundNumber,
                    allocatedGib / gib(result.records()));
        }
        progress("produce %s, p%d: %.1f MiB/s, %.0f rec/s, p50 %.0f ms, p99 %.0f ms, broker CPU %.2f s/GiB, "
                        + "alloc %.2f GiB/GiB", compression, partitions, result.mibPerSecond(), result.recordsPerSecond(),
                result.p50Ms(), result.p99Ms(), cpuPerGib(cpuMillis, result.records()),
                allocatedGib / gib(result.records()));
        return result.records();
    }

    private static String endToEndTopic(int lingerMs) {
        return "bench-e2e-linger" + lingerMs;
    }

    /** Producer send to consumer receive at the fixed rate, on a fresh topic of its own. */
    private void measureEndToEnd(int lingerMs) throws Exception {
        List<String> args = List.of("--bootstrap-server", broker.bootstrap(), "--topic", endToEndTopic(lingerMs),
                "--linger-ms", Integer.toString(lingerMs),
                "--records", Long.toString(config.endToEndRecords()),
                "--rate", Integer.toString(config.endToEndRate()),
                "--record-size", Integer.toString(config.recordSize()),
                "--timeout-ms", Long.toString(config.measurementTimeout().toMillis()));
        String output = runTool("e2e", EndToEndLatency.class.getName(), args);
        EndToEndResult result = EndToEndResult.parse(output)
                .orElseThrow(() -> new BenchException("no E2E-RESULT line in:\n" + tail(output)));
        results.add(broker.kind(), Metric.endToEnd("p50", lingerMs), roundNumber, result.p50Ms());
        results.add(broker.kind(), Metric.endToEnd("p99", lingerMs), roundNumber, result.p99Ms());
        results.add(broker.kind(), Metric.endToEnd("p99.9", lingerMs), roundNumber, result.p999Ms());
        progress("end-to-end at %d rec/s, linger.ms %d: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms", config.endToEndRate(),
                lingerMs, result.p50Ms(), result.p99Ms(), result.p999Ms());
    }

    /** The uncompressed saturating run again, committing a transaction every {@code transactionMs}. */
    private void measureTransactionalProduce() throws Exception {
        ProduceResult result = produce(TRANSACTIONAL_TOPIC, config.records(), "none", -1,
                List.of("--transactional-id", "bench-" + broker.kind().id(),
                        "--transaction-duration-ms", Integer.toString(config.transactionMs())));
        results.add(broker.kind(), Metric.TRANSACTIONAL_MIBPS, roundNumber, result.mibPerSecond());
        results.add(broker.kind(), Metric.TRANSACTIONAL_P99, roundNumber, result.p99Ms());
        progress("transactional produce (%d ms transactions): %.1f MiB/s, p99 %.0f ms", config.transactionMs(),
                result.mibPerSecond(), result.p99Ms());
    }

    private void measureFixedRate() throws Exception {
        ProduceResult result = produce(LATENCY_TOPIC, config.latencyRecords(), "none", config.latencyRate());
        results.add(broker.kind(), Metric.FIXED_RATE_P50, roundNumber, result.p50Ms());
        results.add(broker.kind(), Metric.FIXED_RATE_P99, roundNumber, result.p99Ms());
        progress("fixed-rate %d rec/s: %.1f MiB/s, p50 %.0f ms, p99 %.0f ms", config.latencyRate(),
                result.mibPerSecond(), result.p50Ms(), result.p99Ms());
    }

    private void measureConsume(String topic, long expected) throws Exception {
        long cpuBefore = cpu();
        List<String> args = List.of("--bootstrap-server", broker.bootstrap(), "--topic", topic,
                "--records", Long.toString(expected),
                "--timeout-ms", Long.toString(config.measurementTimeout().toMillis()));
        String output = runTool("consume-" + topic, FetchPerformance.class.getName(), args);
        FetchResult result = FetchResult.parse(output)
                .orElseThrow(() -> new BenchException("no FETCH-RESULT line in:\n" + tail(output)));
        if (result.records() < expected) {
            throw new BenchException("read " + result.records() + " of " + expected + " records");
        }
        long cpuMillis = cpuSince(cpuBefore);
        results.add(broker.kind(), Metric.CONSUME_MIBPS, roundNumber, result.mibPerSecond());
        results.add(broker.kind(), Metric.CONSUME_CPU, roundNumber, cpuPerGib(cpuMillis, result.records()));
        progress("consume: %.1f MiB/s, %.0f rec/s", result.mibPerSecond(), result.recordsPerSecond());
    }

    private ProduceResult produce(String topic, long records, String compression, int throughput) throws Exception {
        return produce(topic, records, compression, throughput, List.of());
    }

    private ProduceResult produce(String topic, long records, String compression, int throughput,
                                  List<String> extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--topic", topic,
                "--num-records", Long.toString(records),
                "--record-size", Integer.toString(config.recordSize()),
                "--throughput", Integer.toString(throughput),
                "--producer-props",
                "bootstrap.servers=" + broker.bootstrap(),
                "acks=all",
                "batch.size=65536",
                "linger.ms=5",
                "compression.type=" + compression));
        args.addAll(extraArgs);
        String output = runTool("produce-" + topic, "org.apache.kafka.tools.ProducerPerformance", args);
        ProduceResult result = ProduceResult.parse(output)
                .orElseThrow(() -> new BenchException("no ProducerPerformance summary in:\n" + tail(output)));
        if (result.records() < records) {
            throw new BenchException("only " + result.records() + " of " + records + " records acknowledged");
        }
        return result;
    }

    /** Runs a tool JVM to completion within the measurement timeout and returns its output. */
    private String runTool(String name, String mainClass, List<String> args) throws Exception {
        return tools.run(name, mainClass, args);
    }

    private void createTopics() throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (int partitions : config.partitions()) {
            for (String compression : config.compressions()) {
                topics.add(new NewTopic(BenchConfig.topic(compression, partitions), partitions, (short) 1));
            }
        }
        for (String topic : List.of(WARMUP_TOPIC, LATENCY_TOPIC, TRANSACTIONAL_TOPIC)) {
            topics.add(new NewTopic(topic, config.defaultPartitions(), (short) 1));
        }
        for (int lingerMs : config.endToEndLingersMs()) {
            topics.add(new NewTopic(endToEndTopic(lingerMs), config.defaultPartitions(), (short) 1));
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                AdminClientConfig.CLIENT_ID_CONFIG, "lanes-bench-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000"))) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnsupportedVersionException) {
                String note = broker.kind().id() + ": CreateTopics unsupported, topics were auto-created by the first"
                        + " produce with the broker's default partition count (asked for " + config.defaultPartitions() + ")";
                progress(note);
                results.note(note);
            } else if (!(e.getCause() instanceof TopicExistsException)) {
                throw new BenchException("create topics: " + e.getCause(), e.getCause());
            }
        }
    }

    private boolean step(String name, Step step) throws InterruptedException {
        try {
            step.run();
            return true;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            String message = round + " " + name + ": " + e.getMessage();
            results.fail(message);
            System.out.println("  ! " + message.replace("\n", "\n    "));
            return false;
        }
    }

    private long cpu() {
        OptionalLong millis = ProcStats.cpuMillis(broker.jvm().pid());
        return millis.orElse(-1);
    }

    /** Broker CPU milliseconds since {@code before}, or -1 when either reading failed. */
    private long cpuSince(long before) {
        long now = cpu();
        return before < 0 || now < 0 ? -1 : now - before;
    }

    private double cpuPerGib(long cpuMillis, long records) {
        double gib = gib(records);
        return cpuMillis < 0 || gib <= 0 ? Double.NaN : cpuMillis / 1000.0 / gib;
    }

    /** GiB of record values in {@code records} records. */
    private double gib(long records) {
        return records * (double) config.recordSize() / (1L << 30);
    }

    private void progress(String format, Object... args) {
        System.out.println("  " + round + ": " + String.format(Locale.ROOT, format, args));
    }

    private static String tail(String output) {
        return ToolRunner.tail(output);
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
