package io.lanes.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/** Samples per metric and broker across rounds, plus the failures met on the way. Single-threaded. */
final class Results {

    private final Map<Metric, Map<BrokerKind, List<Double>>> samples = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final java.util.Set<String> notes = new java.util.LinkedHashSet<>();

    /** Fixes the row order of the report; metrics first seen later are appended. */
    void declare(Metric metric) {
        samples.computeIfAbsent(metric, m -> new EnumMap<>(BrokerKind.class));
    }

    void add(BrokerKind broker, Metric metric, double value) {
        if (Double.isFinite(value)) {
            declare(metric);
            samples.get(metric).computeIfAbsent(broker, b -> new ArrayList<>()).add(value);
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

    List<Double> samples(Metric metric, BrokerKind broker) {
        Map<BrokerKind, List<Double>> byBroker = samples.get(metric);
        if (byBroker == null || !byBroker.containsKey(broker)) {
            return List.of();
        }
        return List.copyOf(byBroker.get(broker));
    }

    OptionalDouble median(Metric metric, BrokerKind broker) {
        return median(samples(metric, broker));
    }

    /** Lanes/Kafka of the medians, when both exist and Kafka's is not zero. */
    OptionalDouble ratio(Metric metric, BrokerKind lanes) {
        OptionalDouble value = median(metric, lanes);
        OptionalDouble kafka = median(metric, BrokerKind.KAFKA);
        if (value.isEmpty() || kafka.isEmpty() || kafka.getAsDouble() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(value.getAsDouble() / kafka.getAsDouble());
    }

    List<String> failures() {
        return List.copyOf(failures);
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
