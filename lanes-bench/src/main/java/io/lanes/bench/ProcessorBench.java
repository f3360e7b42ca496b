package io.lanes.bench;

import io.lanes.launch.ChildJvm;
import io.lanes.bench.processor.ContestantProcess;
import io.lanes.bench.processor.ProcessorRace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Parallel processing with per-key order, three ways side by side in one run: a plain consumer
 * group (one consumer per partition), Lanes' processor and Confluent's Parallel Consumer (both
 * KEY ordering, same concurrency), on one broker, the same skewed topic and the same handler
 * (a fixed simulated I/O latency). Reports drain throughput, end-to-end latency at a fixed rate
 * below saturation, order violations, and the ratios the processing library's goals name.
 */
@Command(name = "processor", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmarks key-ordered parallel processing: plain consumer group, Lanes processor and "
                + "Confluent Parallel Consumer side by side. Prints medians and ratios.")
public final class ProcessorBench implements Callable<Integer> {

    @Option(names = "--broker", defaultValue = "lanes-page-cache",
            description = "kafka, lanes-page-cache or lanes-fsync: the broker started for the run (default ${DEFAULT-VALUE})")
    String broker;

    @Option(names = "--bootstrap", description = "use this running broker instead of starting one")
    String bootstrap;

    @Option(names = "--rounds", defaultValue = "3", description = "rounds; medians are reported (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--contestants", split = ",", defaultValue = "plain-group,lanes-processor,parallel-consumer",
            description = "which to run (default ${DEFAULT-VALUE})")
    List<String> contestants;

    @Option(names = "--partitions", defaultValue = "12", description = "(default ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--records", defaultValue = "200000", description = "records of the drained topic (default ${DEFAULT-VALUE})")
    int records;

    @Option(names = "--keys", defaultValue = "50000", description = "distinct keys (default ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--skew", defaultValue = "0.5",
            description = "Zipf exponent of key popularity: 0 uniform, 1 a few very hot keys (default ${DEFAULT-VALUE})")
    double skew;

    @Option(names = "--handler-ms", defaultValue = "5", description = "simulated I/O per record (default ${DEFAULT-VALUE})")
    double handlerMillis;

    @Option(names = "--concurrency", defaultValue = "300",
            description = "records in flight for both libraries (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--plain-budget-s", defaultValue = "20",
            description = "the plain group drains this long, then its rate so far counts (default ${DEFAULT-VALUE})")
    long plainBudgetSeconds;

    @Option(names = "--latency-rate", defaultValue = "5000",
            description = "records/s of the latency run, below both libraries' saturation (default ${DEFAULT-VALUE})")
    int latencyRate;

    @Option(names = "--latency-s", defaultValue = "10", description = "length of the latency run (default ${DEFAULT-VALUE})")
    int latencySeconds;

    @Option(names = "--timeout-s", defaultValue = "180", description = "bound on each drain (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--kill", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also SIGKILL each library half-way through a drain in a JVM of its own and count the records"
                    + " handled twice after it resumes (default ${DEFAULT-VALUE})")
    boolean kill;

    @Mixin
    BrokerOptions options;

    public static void main(String[] args) {
        Cleanup.runAndExit(new ProcessorBench(), args);
    }

    @Override
    public Integer call() throws Exception {
        ProcessorRace.Settings settings = new ProcessorRace.Settings(partitions, records, keys, skew,
                Math.round(handlerMillis * 1000), concurrency, Duration.ofSeconds(timeoutSeconds),
                Duration.ofSeconds(plainBudgetSeconds), latencyRate, latencySeconds, contestants);
        Path runDir = options.createRunDir("lanes-bench-processor-");
        System.out.println("lanes-bench processor " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        System.out.printf(Locale.ROOT, "  java %s, %d cpus; broker %s; %d partitions, %,d records over %,d keys (Zipf %.2f),"
                        + " handler %.1f ms, concurrency %d; latency run %,d records/s for %d s; %d rounds%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                bootstrap != null ? bootstrap : broker, partitions, records, keys, skew, handlerMillis, concurrency,
                latencyRate, latencySeconds, rounds);
        Map<String, List<ProcessorRace.Outcome>> byContestant = new LinkedHashMap<>();
        contestants.forEach(c -> byContestant.put(c, new ArrayList<>()));
        List<Double> ideals = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Path dir = runDir.resolve("round-" + round);
            Files.createDirectories(dir);
            try (RunningBroker running = bootstrap == null ? startBroker(dir) : null) {
                String servers = bootstrap != null ? bootstrap : running.bootstrap();
                ProcessorRace race = new ProcessorRace(servers, settings);
                System.out.println("round " + round + " (load average " + ProcStats.loadAverage() + ")");
                Map<String, ProcessorRace.Outcome> outcomes = race.run(round, ProcessorRace.order(contestants, round),
                        kill ? Optional.of(spawner(dir)) : Optional.empty(), dir);
                ideals.add(race.idealPerSecond());
                outcomes.forEach((name, outcome) -> {
                    byContestant.get(name).add(outcome);
                    System.out.printf(Locale.ROOT, "  %-18s %,9.0f records/s  latency p50 %s p99 %s p99.9 %s ms,"
                                    + " %d order violations%n", name, outcome.perSecond(), ms(outcome.latencyP50()),
                            ms(outcome.latencyP99()), ms(outcome.latencyP999()), outcome.violations());
                    outcome.kill().ifPresent(k -> System.out.printf(Locale.ROOT, "  %-18s SIGKILL after %,d completions:"
                            + " %,d handled twice after resuming, %,d missing at the end%n", "", k.completedBeforeKill(), k.reprocessed(),
                            k.missing()));
                });
            } finally {
                if (!options.keep) {
                    Cleanup.deleteRecursively(dir);
                }
            }
        }
        options.finish(report(byContestant, median(ideals)) + SideBySide.loadRemark(
                "handler sleeps and the broker compete for the same CPUs; compare ratios from one run"), runDir);
        return 0;
    }

    /** Contestants in JVMs of their own, for the SIGKILL measurement; each is killed with SIGKILL. */
    private static ProcessorRace.Spawner spawner(Path dir) {
        return (label, args) -> {
            ChildJvm jvm = ChildJvm.start(label, List.of("-Xmx512m"), ContestantProcess.class.getName(), args,
                    dir.resolve(label + ".log"));
            return jvm::kill;
        };
    }

    private RunningBroker startBroker(Path dir) throws Exception {
        BrokerKind kind = BrokerKind.parse(broker);
        BenchConfig config = new BenchConfig(List.of(kind), rounds, 1, 1, List.of(1), List.of("none"), 0, 0, 0, 0, 0, List.of(), 0,
                Duration.ofSeconds(options.startupTimeoutSeconds), Duration.ofSeconds(timeoutSeconds), Duration.ZERO,
                options.kafkaHeap, JvmOptions.split(options.lanesJvmOptions), Optional.ofNullable(options.lanesJar),
                Optional.ofNullable(options.profileDir), options.keep);
        BrokerLauncher launcher = kind == BrokerKind.KAFKA ? new KafkaLauncher(config) : new LanesLauncher(config, kind);
        return launcher.start(dir);
    }

    private String report(Map<String, List<ProcessorRace.Outcome>> byContestant, double ideal) {
        StringBuilder out = new StringBuilder("Medians:\n");
        Map<String, Double> rate = new LinkedHashMap<>();
        Map<String, Double> p99 = new LinkedHashMap<>();
        byContestant.forEach((name, outcomes) -> {
            rate.put(name, median(outcomes.stream().map(ProcessorRace.Outcome::perSecond).toList()));
            p99.put(name, median(outcomes.stream().map(ProcessorRace.Outcome::latencyP99).toList()));
            long violations = outcomes.stream().mapToLong(ProcessorRace.Outcome::violations).sum();
            out.append(String.format(Locale.ROOT, "  %-18s %,9.0f records/s  latency p50 %s p99 %s p99.9 %s ms;"
                            + " order violations in all rounds: %d%n", name, rate.get(name),
                    ms(median(outcomes.stream().map(ProcessorRace.Outcome::latencyP50).toList())), ms(p99.get(name)),
                    ms(median(outcomes.stream().map(ProcessorRace.Outcome::latencyP999).toList())), violations));
        });
        byContestant.forEach((name, outcomes) -> {
            List<ProcessorRace.KillOutcome> kills = outcomes.stream().flatMap(o -> o.kill().stream()).toList();
            if (!kills.isEmpty()) {
                out.append(String.format(Locale.ROOT, "  %-18s after SIGKILL: handled twice %s (median), missing at the end %d in all rounds%n",
                        name, ms(median(kills.stream().map(k -> (double) k.reprocessed()).toList())),
                        kills.stream().mapToLong(ProcessorRace.KillOutcome::missing).sum()));
            }
        });
        out.append(String.format(Locale.ROOT, "  ideal (concurrency / handler latency, capped by the hottest key): %,.0f records/s%n",
                ideal));
        Double lanes = rate.get("lanes-processor");
        if (lanes != null) {
            ratio(out, "lanes-processor / plain-group", lanes, rate.get("plain-group"), 20, true);
            ratio(out, "lanes-processor / ideal", lanes, ideal, 0.8, true);
            ratio(out, "lanes-processor / parallel-consumer", lanes, rate.get("parallel-consumer"), 1.0, true);
            ratio(out, "p99 lanes-processor / parallel-consumer", p99.get("lanes-processor"), p99.get("parallel-consumer"),
                    1.0, false);
        }
        return out.toString();
    }

    private static void ratio(StringBuilder out, String label, Double value, Double base, double goal, boolean atLeast) {
        if (value == null || base == null || base.isNaN() || base == 0) {
            return;
        }
        double ratio = value / base;
        boolean met = atLeast ? ratio >= goal : ratio < goal;
        out.append(String.format(Locale.ROOT, "  %-40s %6.2f  (goal %s %.2f: %s)%n", label, ratio, atLeast ? ">=" : "<",
                goal, met ? "MET" : "MISS"));
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
