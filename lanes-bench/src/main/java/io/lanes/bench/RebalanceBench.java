package io.lanes.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Rebalance pause, Lanes beside Apache Kafka in one run: how long after a new member joins a
 * consuming group every partition is being consumed again ({@link RebalancePause}), for each
 * partition count and group protocol. Each round starts every broker fresh (order alternating
 * as in {@link SideBySide}) and measures every combination once on it; the report gives medians
 * and Lanes/Kafka ratios. Clients run in this JVM with their defaults (classic members heartbeat
 * every 3 s; consumer-protocol members at the broker's 5 s), so most of a pause is heartbeat
 * intervals that are the same on both brokers: the ratios show what the broker adds.
 */
@Command(name = "rebalance", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmarks the consumption pause when a member joins a group, on Apache Kafka and Lanes "
                + "side by side. Prints medians and Lanes/Kafka ratios.")
public final class RebalanceBench implements Callable<Integer> {

    @Option(names = "--brokers", split = ",", defaultValue = "kafka,lanes-page-cache",
            description = "comma-separated: kafka, lanes-page-cache, lanes-fsync (default ${DEFAULT-VALUE})")
    List<String> brokers;

    @Option(names = "--rounds", defaultValue = "5", description = "rounds per broker; medians are reported (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--partitions", split = ",", defaultValue = "12,120",
            description = "partition counts, each divisible by the members before and after the join (default ${DEFAULT-VALUE})")
    List<Integer> partitionCounts;

    @Option(names = "--protocols", split = ",", defaultValue = "classic,consumer",
            description = "classic (cooperative-sticky assignor) and/or consumer (KIP-848) (default ${DEFAULT-VALUE})")
    List<String> protocols;

    @Option(names = "--members", defaultValue = "2", description = "members consuming before one more joins (default ${DEFAULT-VALUE})")
    int members;

    @Option(names = "--record-interval-ms", defaultValue = "10",
            description = "every partition gets a record this often, the resolution of a pause (default ${DEFAULT-VALUE})")
    long recordIntervalMillis;

    @Option(names = "--timeout-s", defaultValue = "120", description = "per measurement (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Mixin
    BrokerOptions options;

    public static void main(String[] args) {
        Cleanup.runAndExit(new RebalanceBench(), args);
    }

    @Override
    public Integer call() throws Exception {
        for (int partitions : partitionCounts) {
            // checked before any broker starts: a measurement cannot split partitions unevenly
            if (members < 1 || partitions % members != 0 || partitions % (members + 1) != 0) {
                System.err.printf("--partitions %d does not spread evenly over %d and %d members%n", partitions,
                        members, members + 1);
                return 2;
            }
        }
        BenchConfig config = config();
        if (config.brokers().stream().anyMatch(BrokerKind::isLanes) && !LanesLauncher.available(config)) {
            System.err.println("Lanes is not runnable (" + config.lanesJar().map(Path::toString)
                    .orElse(LanesLauncher.MAIN_CLASS + " is not on the classpath") + "); use --brokers kafka");
            return 2;
        }
        List<RebalancePause.Protocol> measured = protocols.stream().map(RebalancePause.Protocol::parse).distinct().toList();
        Path runDir = options.createRunDir("lanes-bench-rebalance-");
        System.out.println("lanes-bench rebalance " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        System.out.printf("  java %s, %d cpus; brokers %s, rounds %d, partitions %s, protocols %s, %d members + 1 joining,"
                        + " a record per partition every %d ms%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), config.brokers().stream().map(BrokerKind::id).toList(),
                rounds, partitionCounts, measured.stream().map(RebalancePause.Protocol::title).toList(), members,
                recordIntervalMillis);

        Results results = new Results();
        for (RebalancePause.Protocol protocol : measured) {
            for (int partitions : partitionCounts) {
                results.declare(metric(protocol, partitions));
            }
        }
        for (int round = 1; round <= rounds; round++) {
            for (BrokerKind kind : SideBySide.order(config.brokers(), round)) {
                runRound(config, results, kind, round, measured, runDir.resolve("round-" + round).resolve(kind.id()));
            }
        }
        options.finish(new Report(results, config.brokers()).render()
                + SideBySide.loadRemark("pauses include waiting for CPU; compare the per-round ratios"), runDir);
        return results.failures().isEmpty() ? 0 : 1;
    }

    private void runRound(BenchConfig config, Results results, BrokerKind kind, int round,
                          List<RebalancePause.Protocol> measured, Path dir) throws Exception {
        Files.createDirectories(dir);
        System.out.println("round " + round + " " + kind.id() + ": starting (load average " + ProcStats.loadAverage() + ")");
        BrokerLauncher launcher = kind == BrokerKind.KAFKA ? new KafkaLauncher(config) : new LanesLauncher(config, kind);
        try (RunningBroker broker = launcher.start(dir)) {
            RebalancePause pause = new RebalancePause(broker.bootstrap(), members, recordIntervalMillis,
                    Duration.ofSeconds(timeoutSeconds));
            for (RebalancePause.Protocol protocol : measured) {
                for (int partitions : partitionCounts) {
                    Metric metric = metric(protocol, partitions);
                    try {
                        double millis = pause.measure(protocol, partitions);
                        results.add(kind, metric, round, millis);
                        System.out.printf(Locale.ROOT, "  round %d %s: %s: %.0f ms%n", round, kind.id(), metric.label(), millis);
                    } catch (InterruptedException e) {
                        throw e;
                    } catch (Exception e) {
                        // one failed measurement (timeout, topic creation) is reported; the others go on
                        String message = "round " + round + " " + kind.id() + " " + metric.label() + ": " + e.getMessage();
                        results.fail(message);
                        System.out.println("  ! " + message);
                    }
                }
            }
        } catch (BenchException e) {
            results.fail("round " + round + " " + kind.id() + " start: " + e.getMessage());
            System.out.println("  ! start failed: " + e.getMessage());
        } finally {
            if (!options.keep) {
                Cleanup.deleteRecursively(dir);
            }
        }
    }

    private static Metric metric(RebalancePause.Protocol protocol, int partitions) {
        return new Metric("rebalance pause ms (" + protocol.title() + ", " + partitions + " partitions)", false, 0);
    }

    private BenchConfig config() {
        // only the broker settings matter here; the produce/fetch fields of SideBySide are unused
        return new BenchConfig(BrokerOptions.kinds(brokers), rounds, 1, 1, List.of(1), List.of("none"), 0, 0, 0, 0, 0, List.of(), 0,
                Duration.ofSeconds(options.startupTimeoutSeconds), Duration.ofSeconds(timeoutSeconds), Duration.ZERO,
                options.kafkaHeap, JvmOptions.split(options.lanesJvmOptions), Optional.ofNullable(options.lanesJar),
                Optional.ofNullable(options.profileDir), options.keep);
    }
}
