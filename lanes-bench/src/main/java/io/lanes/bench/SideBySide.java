package io.lanes.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * End-to-end comparison of Lanes and Apache Kafka in one run on one machine: each broker is a child
 * JVM started fresh per round, driven by Kafka's own ProducerPerformance and by
 * {@link FetchPerformance}, also child JVMs. Rounds alternate the broker order (A B C, C B A, ...)
 * and the report shows medians and Lanes/Kafka ratios; only same-run ratios are meaningful.
 */
@Command(name = "side-by-side", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmarks Apache Kafka and Lanes side by side: produce throughput and latency "
                + "(Kafka's ProducerPerformance, acks=all, batch.size=65536, linger.ms=5), fetch throughput "
                + "(assign()-based consumer), startup time and idle RSS. Prints medians and Lanes/Kafka ratios.")
public final class SideBySide implements Callable<Integer> {

    @Option(names = "--brokers", split = ",", defaultValue = "kafka,lanes-page-cache,lanes-fsync",
            description = "comma-separated: kafka, lanes-page-cache, lanes-fsync, null (a Kafka-wire server that "
                    + "acknowledges Produce without storing: the producer's ceiling, every produce figure is also given "
                    + "as a share of it), lanes-metrics-off (page-cache with "
                    + "lanes.metrics.enabled=false, to measure what metrics cost), lanes-hotkeys-off (page-cache "
                    + "without hot-key sampling) (default ${DEFAULT-VALUE})")
    List<String> brokers;

    @Option(names = "--rounds", defaultValue = "3", description = "rounds per broker; medians are reported (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--records", defaultValue = "800000",
            description = "records per saturating produce run; ~10 s at Kafka's speed here (default ${DEFAULT-VALUE})")
    long records;

    @Option(names = "--record-size", defaultValue = "1024", description = "bytes per record (default ${DEFAULT-VALUE})")
    int recordSize;

    @Option(names = "--partitions", split = ",", defaultValue = "1",
            description = "partition counts of the saturating produce runs, e.g. 1,12; the first is every other "
                    + "topic's, same on every broker (default ${DEFAULT-VALUE})")
    List<Integer> partitions;

    @Option(names = "--compression", split = ",", defaultValue = "none,lz4",
            description = "compression.type per produce run; the first one's topic is also consumed (default ${DEFAULT-VALUE})")
    List<String> compressions;

    @Option(names = "--warmup-records", defaultValue = "100000",
            description = "unmeasured produce run after startup so both JVMs are warm; 0 skips (default ${DEFAULT-VALUE})")
    long warmupRecords;

    @Option(names = "--latency-rate", defaultValue = "10000",
            description = "records/s of a fixed-rate (not saturating) produce run for latency; 0 skips (default ${DEFAULT-VALUE})")
    int latencyRate;

    @Option(names = "--latency-records", defaultValue = "100000",
            description = "records of the fixed-rate run (default ${DEFAULT-VALUE})")
    long latencyRecords;

    @Option(names = "--e2e-rate", defaultValue = "2000",
            description = "records/s of the end-to-end latency run (producer send -> consumer receive), well below "
                    + "saturation even on a busy machine; 0 skips (default ${DEFAULT-VALUE})")
    int endToEndRate;

    @Option(names = "--e2e-linger-ms", split = ",", defaultValue = "0,5",
            description = "the producer's linger.ms of each end-to-end latency run, one run per value: 0 sends at once "
                    + "(the broker's latency), 5 is the throughput runs' setting, whose batches wait up to 5 ms in "
                    + "the producer (default ${DEFAULT-VALUE})")
    List<Integer> endToEndLingersMs;

    @Option(names = "--e2e-records", defaultValue = "30000",
            description = "records of the end-to-end latency run (default ${DEFAULT-VALUE})")
    long endToEndRecords;

    @Option(names = "--transaction-ms", defaultValue = "100",
            description = "also produce uncompressed records in transactions of this many ms (ProducerPerformance "
                    + "--transactional-id; 100 ms is Kafka Streams' exactly-once commit interval); 0 skips "
                    + "(default ${DEFAULT-VALUE})")
    int transactionMs;

    @Option(names = "--settle-ms", defaultValue = "3000",
            description = "wait after startup before reading idle RSS (default ${DEFAULT-VALUE})")
    long settleMs;

    @Option(names = "--timeout-s", defaultValue = "300", description = "per measurement (tool run) (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Mixin
    BrokerOptions options;

    public static void main(String[] args) {
        Cleanup.runAndExit(new SideBySide(), args);
    }

    @Override
    public Integer call() throws Exception {
        BenchConfig config = config();
        if (config.brokers().stream().anyMatch(BrokerKind::isLanes) && !LanesLauncher.available(config)) {
            System.err.println("Lanes is not runnable (" + config.lanesJar().map(Path::toString)
                    .orElse(LanesLauncher.MAIN_CLASS + " is not on the classpath") + "); use --brokers kafka");
            return 2;
        }
        Path runDir = options.createRunDir("lanes-bench-");
        printPlan(config, runDir);

        Results results = new Results();
        declareRows(results, config);
        for (int round = 1; round <= config.rounds(); round++) {
            for (BrokerKind kind : order(config.brokers(), round)) {
                runOne(config, results, kind, round, runDir.resolve("round-" + round).resolve(kind.id()));
            }
        }
        options.finish(new Report(results, config.brokers()).render() + loadRemark(), runDir);
        return results.failures().isEmpty() ? 0 : 1;
    }

    private static void runOne(BenchConfig config, Results results, BrokerKind kind, int round, Path dir)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        System.out.println("round " + round + " " + kind.id() + ": starting (load average " + ProcStats.loadAverage() + ")");
        BrokerLauncher launcher = switch (kind) {
            case KAFKA -> new KafkaLauncher(config);
            case NULL -> new NullLauncher(config);
            default -> new LanesLauncher(config, kind);
        };
        try (RunningBroker broker = launcher.start(dir)) {
            new Scenario(config, broker, dir, results, round).run();
        } catch (BenchException e) {
            String message = "round " + round + " " + kind.id() + " start: " + e.getMessage();
            results.fail(message);
            System.out.println("  ! " + message.replace("\n", "\n    "));
        } finally {
            if (!config.keepWorkDir()) {
                Cleanup.deleteRecursively(dir);
            }
        }
    }

    /** The machine's load at the end, with a warning when other work competed for the CPUs. */
    static String loadRemark() {
        return loadRemark("throughput, latency and startup figures are unreliable; broker CPU s/GiB is the steadier comparison");
    }

    /** The machine's load at the end, and {@code busyWarning} when other work competed for the CPUs. */
    static String loadRemark(String busyWarning) {
        String load = ProcStats.loadAverage();
        int cpus = Runtime.getRuntime().availableProcessors();
        String remark = "\nmachine load average at the end: " + load + " (" + cpus + " cpus)\n";
        try {
            double fiveMinutes = Double.parseDouble(load.split(" ")[1]);
            // the benchmark itself keeps about two cores busy (broker + tool)
            if (fiveMinutes > cpus + 1) {
                remark += "the machine was busy with other work: " + busyWarning + "\n";
            }
        } catch (RuntimeException e) {
            // load average unavailable: no remark
        }
        return remark;
    }

    /** Odd rounds in the given order, even rounds reversed, so no broker always runs first or last. */
    static List<BrokerKind> order(List<BrokerKind> brokers, int round) {
        List<BrokerKind> order = new ArrayList<>(brokers);
        if (round % 2 == 0) {
            java.util.Collections.reverse(order);
        }
        return order;
    }

    private static void declareRows(Results results, BenchConfig config) {
        for (int partitions : config.partitions()) {
            for (String compression : config.compressions()) {
                results.declare(Metric.produceMibps(compression, partitions));
            }
        }
        for (int partitions : config.partitions()) {
            for (String compression : config.compressions()) {
                results.declare(Metric.produceP50(compression, partitions));
                results.declare(Metric.produceP99(compression, partitions));
            }
        }
        if (config.transactionMs() > 0) {
            results.declare(Metric.TRANSACTIONAL_MIBPS);
            results.declare(Metric.TRANSACTIONAL_P99);
        }
        if (config.latencyRate() > 0) {
            results.declare(Metric.FIXED_RATE_P50);
            results.declare(Metric.FIXED_RATE_P99);
        }
        if (config.endToEndRate() > 0) {
            for (int lingerMs : config.endToEndLingersMs()) {
                results.declare(Metric.endToEnd("p50", lingerMs));
                results.declare(Metric.endToEnd("p99", lingerMs));
                results.declare(Metric.endToEnd("p99.9", lingerMs));
            }
        }
        results.declare(Metric.CONSUME_MIBPS);
        results.declare(Metric.STARTUP_MS);
        results.declare(Metric.IDLE_RSS_MIB);
        results.declare(Metric.PEAK_RSS_MIB);
        for (int partitions : config.partitions()) {
            for (String compression : config.compressions()) {
                results.declare(Metric.produceCpu(compression, partitions));
            }
        }
        for (int partitions : config.partitions()) {
            for (String compression : config.compressions()) {
                results.declare(Metric.produceAllocation(compression, partitions));
            }
        }
        results.declare(Metric.CONSUME_CPU);
    }

    BenchConfig config() {
        return new BenchConfig(BrokerOptions.kinds(brokers), rounds, records, recordSize, partitions, compressions, warmupRecords,
                latencyRate, latencyRecords, endToEndRate, endToEndRecords, endToEndLingersMs, transactionMs, Duration.ofSeconds(options.startupTimeoutSeconds),
                Duration.ofSeconds(timeoutSeconds), Duration.ofMillis(settleMs), options.kafkaHeap,
                JvmOptions.split(options.lanesJvmOptions), Optional.ofNullable(options.lanesJar),
                Optional.ofNullable(options.profileDir), options.keep);
    }

    private static void printPlan(BenchConfig config, Path runDir) {
        System.out.println("lanes-bench side-by-side " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        System.out.printf("  java %s, %d cpus, max heap of this JVM %d MiB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("  brokers %s, rounds %d, %d records x %d B, partitions %s, compression %s%n",
                config.brokers().stream().map(BrokerKind::id).toList(), config.rounds(), config.records(),
                config.recordSize(), config.partitions(), config.compressions());
        System.out.printf("  warm-up %d records, fixed-rate run %d rec/s x %d, end-to-end %d rec/s x %d (linger.ms %s), transactions of %d ms,"
                        + " work dir %s%n", config.warmupRecords(), config.latencyRate(), config.latencyRecords(),
                config.endToEndRate(), config.endToEndRecords(), config.endToEndLingersMs(), config.transactionMs(), runDir);
        System.out.printf("  kafka: %s; lanes: %s %s%n", config.kafkaHeap(), String.join(" ", config.lanesJvmOptions()),
                config.lanesJar().map(jar -> "-jar " + jar).orElse("-cp <bench classpath> " + LanesLauncher.MAIN_CLASS));
    }

    /** The admin client in this JVM logs at WARN unless the caller configured log4j itself. */
    static void quietOwnLogging(Path runDir) throws IOException {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile",
                    Log4jConfig.write(runDir, "bench-log4j2.properties", "WARN").toString());
        }
    }
}
