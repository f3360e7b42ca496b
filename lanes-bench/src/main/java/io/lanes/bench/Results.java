package io.lanes.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/**
 * Samples per metric, broker and round, plus the failures and notes met on the way.
 * Single-threaded.
 */
final class Results {

    private final Map<Metric, Map<BrokerKind, TreeMap<Integer, Double>>> samples = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Set<String> notes = new LinkedHashSet<>();

    /** Fixes the row order of the report; metrics first seen later are appended. */
    void declare(Metric metric) {
        samples.computeIfAbsent(metric, m -> new EnumMap<>(BrokerKind.class));
    }

    /** Records one sample; non-finite values (a reading that failed) are dropped. */
    void add(BrokerKind broker, Metric metric, int round, double value) {
        if (Double.isFinite(value)) {
            declare(metric);
            samples.get(metric).computeIfAbsent(broker, b -> new TreeMap<>()).put(round, value);
        }
    }

    void fail(String message) {
        failures.add(message);
    }

    /** Something the reader should know that is not a failure; repeated notes are shown once. */
    void note(String message) {
        notes.add(message);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    Set<Metric> metrics() {
        return Collections.unmodifiableSet(samples.keySet());
    }

    /** Samples in round order. */
    List<Double> samples(Metric metric, BrokerKind broker) {
        return List.copyOf(byRound(metric, broker).values());
    }

    OptionalDouble median(Metric metric, BrokerKind broker) {
        return median(samples(metric, broker));
    }

    /** Lanes/Kafka of the medians, when both exist and Kafka's is not zero. */
    OptionalDouble ratio(Metric metric, BrokerKind lanes) {
        return ratio(metric, lanes, BrokerKind.KAFKA);
    }

    /** {@code broker}/{@code base} of the medians, when both exist and the base's is not zero. */
    OptionalDouble ratio(Metric metric, BrokerKind broker, BrokerKind base) {
        OptionalDouble value = median(metric, broker);
        OptionalDouble kafka = median(metric, base);
        if (value.isEmpty() || kafka.isEmpty() || kafka.getAsDouble() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(value.getAsDouble() / kafka.getAsDouble());
    }

    /**
     * Lanes/Kafka within each round where both were measured. Brokers of one round run back to
     * back, so these ratios are less exposed to load that drifts over the whole run.
     */
    List<Double> pairedRatios(Metric metric, BrokerKind lanes) {
        return pairedRatios(metric, lanes, BrokerKind.KAFKA);
    }

    /** {@code lanes}/{@code base} within each round where both were measured. */
    List<Double> pairedRatios(Metric metric, BrokerKind lanes, BrokerKind baseline) {
        Map<Integer, Double> kafka = byRound(metric, baseline);
        List<Double> ratios = new ArrayList<>();
        byRound(metric, lanes).forEach((round, value) -> {
            Double base = kafka.get(round);
            if (base != null && base != 0) {
                ratios.add(value / base);
            }
        });
        return ratios;
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    private Map<Integer, Double> byRound(Metric metric, BrokerKind broker) {
        Map<BrokerKind, TreeMap<Integer, Double>> byBroker = samples.get(metric);
        if (byBroker == null || !byBroker.containsKey(broker)) {
            return Map.of();
        }
        return byBroker.get(broker);
    }

    static OptionalDouble median(List<Double> values) {
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return OptionalDouble.of(sorted.size() % 2 == 1
                ? sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2);
    }
}
