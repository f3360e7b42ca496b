package io.lanes.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of one side-by-side run; see {@link SideBySide} for their meaning and defaults.
 *
 * @param brokers        brokers in the order of the first round (later rounds alternate)
 * @param records        records per saturating produce run
 * @param partitions     partition counts of the saturating produce runs; the first is also every other topic's
 * @param latencyRate    records/s of the fixed-rate latency run; 0 skips it
 * @param endToEndRate   records/s of the end-to-end latency runs (below saturation); 0 skips them
 * @param endToEndLingersMs the producer's {@code linger.ms} of each end-to-end latency run (one run per value)
 * @param transactionMs  how long each transaction of the transactional produce run lasts; 0 skips that run
 * @param lanesJar       the Lanes jar to run with {@code java -jar}; empty: the CLI on this classpath
 * @param profileDir     where broker JFR recordings go, when profiling
 */
record BenchConfig(
        List<BrokerKind> brokers,
        int rounds,
        long records,
        int recordSize,
        List<Integer> partitions,
        List<String> compressions,
        long warmupRecords,
        int latencyRate,
        long latencyRecords,
        int endToEndRate,
        long endToEndRecords,
        List<Integer> endToEndLingersMs,
        int transactionMs,
        Duration startupTimeout,
        Duration measurementTimeout,
        Duration settle,
        String kafkaHeap,
        List<String> lanesJvmOptions,
        Optional<Path> lanesJar,
        Optional<Path> profileDir,
        boolean keepWorkDir) {

    BenchConfig {
        brokers = List.copyOf(brokers);
        compressions = List.copyOf(compressions);
        lanesJvmOptions = List.copyOf(lanesJvmOptions);
        partitions = List.copyOf(partitions);
        endToEndLingersMs = List.copyOf(endToEndLingersMs);
        if (rounds < 1 || records < 1 || recordSize < 1 || partitions.isEmpty() || partitions.stream().anyMatch(p -> p < 1)) {
            throw new IllegalArgumentException("rounds, records, record size and partitions must be positive");
        }
        if (brokers.isEmpty() || compressions.isEmpty()) {
            throw new IllegalArgumentException("need at least one broker and one compression");
        }
    }

    /** A fresh JFR file name for one broker start, when profiling. */
    Optional<Path> profileFile(BrokerKind kind) {
        return profileDir.map(dir -> dir.resolve(kind.id() + "-" + System.currentTimeMillis() + ".jfr"));
    }

    /** Partitions of every topic but the saturating produce runs' (warm-up, latency, transactions). */
    int defaultPartitions() {
        return partitions.get(0);
    }

    /** Topic a saturating produce run with {@code compression} into {@code partitions} partitions writes to. */
    static String topic(String compression, int partitions) {
        return "bench-" + compression + "-p" + partitions;
    }
}
