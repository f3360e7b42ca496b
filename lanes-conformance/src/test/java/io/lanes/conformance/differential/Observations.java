package io.lanes.conformance.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What Apache Kafka and Lanes observed for one scenario.
 *
 * @param kafka what the clients observed against Apache Kafka, the reference
 * @param lanes what the same clients observed against Lanes
 * @param <T> the observation
 */
public record Observations<T>(T kafka, T lanes) {

    /** Fails, listing the differences, unless Lanes observed exactly what Apache Kafka did. */
    public void assertLanesMatchesKafka() {
        if (!Objects.equals(kafka, lanes)) {
            throw new AssertionError("Lanes differs from Apache Kafka:\n" + differences(kafka, lanes)
                    + "\n--- Apache Kafka observed:\n" + kafka + "\n--- Lanes observed:\n" + lanes);
        }
    }

    static String differences(Object kafka, Object lanes) {
        if (kafka instanceof Map<?, ?> kafkaMap && lanes instanceof Map<?, ?> lanesMap) {
            List<String> lines = new ArrayList<>();
            TreeSet<String> keys = new TreeSet<>();
            kafkaMap.keySet().forEach(k -> keys.add(String.valueOf(k)));
            lanesMap.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String key : keys) {
                Object k = lookup(kafkaMap, key);
                Object l = lookup(lanesMap, key);
                if (!Objects.equals(k, l)) {
                    lines.add("  " + key + ": kafka=" + k + " lanes=" + l);
                }
            }
            return String.join("\n", lines);
        }
        if (kafka instanceof List<?> kafkaList && lanes instanceof List<?> lanesList) {
            List<String> lines = new ArrayList<>();
            if (kafkaList.size() != lanesList.size()) {
                lines.add("  size: kafka=" + kafkaList.size() + " lanes=" + lanesList.size());
            }
            for (int i = 0; i < Math.min(kafkaList.size(), lanesList.size()) && lines.size() < 20; i++) {
                if (!Objects.equals(kafkaList.get(i), lanesList.get(i))) {
                    lines.add("  [" + i + "]: kafka=" + kafkaList.get(i) + " lanes=" + lanesList.get(i));
                }
            }
            return String.join("\n", lines);
        }
        return "  kafka=" + kafka + "\n  lanes=" + lanes;
    }

    private static Object lookup(Map<?, ?> map, String key) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (String.valueOf(entry.getKey()).equals(key)) {
                return entry.getValue();
            }
        }
        return "(absent)";
    }
}
