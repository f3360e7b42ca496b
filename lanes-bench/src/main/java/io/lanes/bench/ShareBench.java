package io.lanes.bench;

import io.lanes.bench.share.ShareContestant;
import io.lanes.bench.share.ShareRace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Parallelism beyond the partition count, four ways on one workload (few partitions, more consumers, skewed keys,
 * a fixed processing time per record): a plain consumer group on Lanes (parallelism = partitions), Lanes share
 * groups with Kafka's semantics ({@code lanes.share.ordering=none}) and key-ordered
 * ({@code lanes.share.ordering=key}), and Apache Kafka 4.4 share groups. Reports drain throughput, end-to-end
 * latency at a fixed rate, per-key order violations, medians over rounds and their ratios.
 */
@Command(name = "share", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmarks share groups: plain consumer group, Lanes share groups (ordering none and key) and"
                + " Kafka 4.4 share groups on one workload. Prints medians and ratios.")
public final class ShareBench implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--rounds", defaultValue = "3", description = "rounds; medians are reported (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--contestants", split = ",", defaultValue = "plain-group,lanes-share-none,lanes-share-key,kafka-share",
            description = "which to run (default ${DEFAULT-VALUE})")
    List<String> contestants;

    @Option(names = "--partitions", defaultValue = "2", description = "(default ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--consumers", defaultValue = "8", description = "consumers of every group (default ${DEFAULT-VALUE})")
    int consumers;

    @Option(names = "--records", defaultValue = "6000", description = "records of the drained topic (default ${DEFAULT-VALUE})")
    int records;

    @Option(names = "--keys", defaultValue = "1000", description = "distinct keys, the hot one included (default ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--hot-share", defaultValue = "0.3", description = "share of records with the hot key (default ${DEFAULT-VALUE})")
    double hotShare;

    @Option(names = "--handler-ms", defaultValue = "2", description = "processing time per record (default ${DEFAULT-VALUE})")
    double handlerMillis;

    @Option(names = "--latency-rate", defaultValue = "300",
            description = "records/s of the latency run, below every contestant's saturation (default ${DEFAULT-VALUE})")
    int latencyRate;

    @Option(names = "--latency-s", defaultValue = "10", description = "length of the latency run (default ${DEFAULT-VALUE})")
    int latencySeconds;

    @Option(names = "--timeout-s", defaultValue = "120", description = "bound on each run (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Mixin
    BrokerOptions options;

    public static void main(String[] args) {
        Cleanup.runAndExit(new ShareBench(), args);
    }

    @Override
    public Integer call() throws Exception {
        List<ShareContestant> chosen = contestants.stream().map(ShareContestant::parse).toList();
        ShareRace.Workload workload = new ShareRace.Workload(partitions, consumers, records, keys, hotShare,
                Math.round(handlerMillis * 1000), latencyRate, latencySeconds, timeoutSeconds * 1000);
        Path runDir = options.createRunDir("lanes-bench-share-");
        System.out.println("lanes-bench share " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        System.out.printf(Locale.ROOT, "  java %s, %d cpus; %d partitions, %d consumers per group, %,d records, hot key"
                        + " %.0f%% of them, %,d keys, processing %.1f ms per record; latency run %,d records/s for %d s;"
                        + " %d rounds%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                partitions, consumers, records, hotShare * 100, keys, handlerMillis, latencyRate, latencySeconds, rounds);
        Map<ShareContestant, List<ShareRace.Outcome>> outcomes = new LinkedHashMap<>();
        chosen.forEach(c -> outcomes.put(c, new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            System.out.println("round " + round + " (load average " + ProcStats.loadAverage() + ")");
            for (boolean onKafka : round % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                List<ShareContestant> here = chosen.stream().filter(c -> c.onKafka() == onKafka).toList();
                if (here.isEmpty()) {
                    continue;
                }
                Path dir = runDir.resolve("round-" + round + (onKafka ? "-kafka" : "-lanes"));
                Files.createDirectories(dir);
                try (RunningBroker broker = start(onKafka, dir)) {
                    ShareRace race = new ShareRace(broker.bootstrap(), workload);
                    List<ShareContestant> order = new ArrayList<>(here);
                    if (round % 2 == 0) {
                        java.util.Collections.reverse(order);
                    }
                    for (ShareContestant contestant : order) {
                        ShareRace.Outcome outcome = race.run(contestant, round);
                        outcomes.get(contestant).add(outcome);
                        System.out.printf(Locale.ROOT, "  %-17s %,8.0f records/s  latency p50 %s p99 %s ms, %d order"
                                        + " violations%s%n", contestant.id(), outcome.perSecond(), ms(outcome.latencyP50()),
                                ms(outcome.latencyP99()), outcome.violations(), outcome.complete() ? "" : " (INCOMPLETE)");
                    }
                } finally {
                    if (!options.keep) {
                        Cleanup.deleteRecursively(dir);
                    }
                }
            }
        }
        options.finish(report(outcomes) + SideBySide.loadRemark(
                "processing sleeps, consumers and the broker compete for the same CPUs; compare ratios from one run"),
                runDir);
        return 0;
    }

    private RunningBroker start(boolean kafka, Path dir) throws Exception {
        BrokerKind kind = kafka ? BrokerKind.KAFKA : BrokerKind.LANES_PAGE_CACHE;
        BenchConfig config = new BenchConfig(List.of(kind), rounds, 1, 1, List.of(1), List.of("none"), 0, 0, 0, 0, 0, List.of(), 0,
                Duration.ofSeconds(options.startupTimeoutSeconds), Duration.ofSeconds(timeoutSeconds), Duration.ZERO,
                options.kafkaHeap, JvmOptions.split(options.lanesJvmOptions), Optional.ofNullable(options.lanesJar),
                Optional.ofNullable(options.profileDir), options.keep);
        BrokerLauncher launcher = kafka ? new KafkaLauncher(config)
                : new LanesLauncher(config, kind).setting("lanes.share.groups.enable", "true");
        return launcher.start(dir);
    }

    private String report(Map<ShareContestant, List<ShareRace.Outcome>> outcomes) {
        StringBuilder out = new StringBuilder("Medians:\n");
        Map<ShareContestant, Double> rate = new LinkedHashMap<>();
        Map<ShareContestant, Double> p99 = new LinkedHashMap<>();
        outcomes.forEach((contestant, list) -> {
            rate.put(contestant, median(list, ShareRace.Outcome::perSecond));
            p99.put(contestant, median(list, ShareRace.Outcome::latencyP99));
            out.append(String.format(Locale.ROOT, "  %-17s %,8.0f records/s  latency p50 %s p99 %s ms;"
                            + " order violations in all rounds: %d%s%n", contestant.id(), rate.get(contestant),
                    ms(median(list, ShareRace.Outcome::latencyP50)), ms(p99.get(contestant)),
                    list.stream().mapToLong(ShareRace.Outcome::violations).sum(),
                    list.stream().allMatch(ShareRace.Outcome::complete) ? "" : " (some rounds INCOMPLETE)"));
        });
        double ideal = Math.min(consumers, records) * 1000.0 / handlerMillis;
        double hotCap = 1000.0 / (handlerMillis * hotShare);
        out.append(String.format(Locale.ROOT, "  ceilings: %d consumers / %.1f ms = %,.0f records/s; %d partitions"
                        + " / %.1f ms = %,.0f records/s; key order, hot key %.0f%% one at a time = %,.0f records/s%n",
                consumers, handlerMillis, ideal, partitions, handlerMillis, partitions * 1000.0 / handlerMillis,
                hotShare * 100, hotCap));
        ratio(out, "throughput lanes-share-key / plain-group", rate, ShareContestant.LANES_SHARE_KEY,
                ShareContestant.PLAIN_GROUP);
        ratio(out, "throughput lanes-share-key / kafka-share", rate, ShareContestant.LANES_SHARE_KEY,
                ShareContestant.KAFKA_SHARE);
        ratio(out, "throughput lanes-share-none / kafka-share", rate, ShareContestant.LANES_SHARE_NONE,
                ShareContestant.KAFKA_SHARE);
        ratio(out, "throughput lanes-share-key / lanes-share-none", rate, ShareContestant.LANES_SHARE_KEY,
                ShareContestant.LANES_SHARE_NONE);
        ratio(out, "p99 lanes-share-key / plain-group", p99, ShareContestant.LANES_SHARE_KEY,
                ShareContestant.PLAIN_GROUP);
        ratio(out, "p99 lanes-share-key / kafka-share", p99, ShareContestant.LANES_SHARE_KEY,
                ShareContestant.KAFKA_SHARE);
        ratio(out, "p99 lanes-share-none / kafka-share", p99, ShareContestant.LANES_SHARE_NONE,
                ShareContestant.KAFKA_SHARE);
        return out.toString();
    }

    private static void ratio(StringBuilder out, String label, Map<ShareContestant, Double> values, ShareContestant a,
                              ShareContestant b) {
        Double value = values.get(a);
        Double base = values.get(b);
        if (value != null && base != null && !value.isNaN() && !base.isNaN() && base != 0) {
            out.append(String.format(Locale.ROOT, "  %-46s %6.2f%n", label, value / base));
        }
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }

    private static double median(List<ShareRace.Outcome> outcomes, ToDoubleFunction<ShareRace.Outcome> metric) {
        double[] sorted = outcomes.stream().mapToDouble(metric).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
