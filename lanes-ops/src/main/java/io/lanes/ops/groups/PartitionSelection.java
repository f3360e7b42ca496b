package io.lanes.ops.groups;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The partitions a {@code --topic} option names, in {@code kafka-consumer-groups.sh}'s syntax:
 * {@code orders} (every partition of the topic) or {@code orders:0,2} (those partitions). Immutable.
 *
 * @param partitions per topic, the partitions named; an empty list means every partition
 */
public record PartitionSelection(Map<String, List<Integer>> partitions) {

    /**
     * Parses the {@code --topic} values.
     *
     * @throws IllegalArgumentException naming the value that is not {@code TOPIC} or {@code TOPIC:P,P...}
     */
    public static PartitionSelection parse(List<String> topicArgs) {
        Map<String, TreeSet<Integer>> byTopic = new TreeMap<>();
        Map<String, Boolean> wholeTopic = new TreeMap<>();
        for (String arg : topicArgs) {
            int colon = arg.indexOf(':');
            String topic = colon < 0 ? arg : arg.substring(0, colon);
            if (topic.isBlank()) {
                throw new IllegalArgumentException("invalid --topic '" + arg + "': expected TOPIC or TOPIC:P,P...");
            }
            byTopic.computeIfAbsent(topic, t -> new TreeSet<>());
            if (colon < 0) {
                wholeTopic.put(topic, true);
                continue;
            }
            String list = arg.substring(colon + 1);
            if (list.isEmpty()) {
                throw new IllegalArgumentException("invalid --topic '" + arg + "': no partitions after ':'");
            }
            for (String p : list.split(",", -1)) {
                byTopic.get(topic).add(partition(arg, p));
            }
        }
        Map<String, List<Integer>> result = new TreeMap<>();
        byTopic.forEach((topic, parts) ->
                result.put(topic, wholeTopic.getOrDefault(topic, false) ? List.of() : new ArrayList<>(parts)));
        return new PartitionSelection(result);
    }

    private static int partition(String arg, String text) {
        try {
            int partition = Integer.parseInt(text.trim());
            if (partition < 0) {
                throw new NumberFormatException();
            }
            return partition;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid partition '" + text + "' in --topic '" + arg + "'");
        }
    }
}
