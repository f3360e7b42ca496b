package io.lanes.coordinator.group.streams;

import io.lanes.coordinator.group.TopicLookup;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.Subtopology;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.Topology;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.TopicInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A streams group's topology checked against the broker's topics, as Kafka's coordinator does on every heartbeat:
 * how many tasks (partitions) each subtopology has, which source topics are missing, and which internal topics
 * (repartition and changelog topics) must be created with which partition count and configs.
 *
 * <p>Partition counts: a subtopology has as many tasks as its largest source topic (user or repartition) has
 * partitions; a repartition topic without a fixed count gets the task count of the subtopologies writing into it
 * (worked out until nothing changes, so chains of repartition topics resolve); a changelog topic gets its
 * subtopology's task count. Copartition groups (joins) then need equal counts: the user topics of a group must
 * already agree (else they are incorrectly partitioned), and the group's repartition topics without a fixed
 * count get theirs (or, with only repartition topics, the largest among them), as Kafka's copartitioning does.
 * Source topic regular expressions match every topic not starting with "__".
 *
 * <p>Immutable once built; the lookup is read once per topic.
 *
 * @param tasksPerSubtopology subtopology id to its number of tasks (only when {@link #ready})
 * @param missingSourceTopics source topics that do not exist (sorted)
 * @param missingInternalTopics internal topics to create: name to (partitions, configs)
 * @param incorrectlyPartitionedTopics topics of a copartition group whose partition counts differ (sorted)
 * @param topicPartitions every existing topic the group reads or writes, with its partition count (for the hash)
 * @param subtopologies how many subtopologies the topology has
 */
record ConfiguredTopology(SortedMap<String, Integer> tasksPerSubtopology, List<String> missingSourceTopics,
                          Map<String, InternalTopic> missingInternalTopics, List<String> incorrectlyPartitionedTopics,
                          SortedMap<String, Integer> topicPartitions, int subtopologies) {

    /** An internal topic to create. */
    record InternalTopic(String name, int partitions, Map<String, String> configs) {
    }

    /** True when every topic is there: tasks can be assigned. */
    boolean ready() {
        return missingSourceTopics.isEmpty() && missingInternalTopics.isEmpty() && incorrectlyPartitionedTopics.isEmpty()
                && tasksPerSubtopology.size() == subtopologies;
    }

    static ConfiguredTopology of(Topology topology, TopicLookup topics) {
        SortedMap<String, Integer> partitions = new TreeMap<>();
        List<String> missingSources = new ArrayList<>();
        // repartition topics: fixed counts first, then derived from the subtopologies writing them
        Map<String, Integer> repartition = new TreeMap<>();
        for (Subtopology s : topology.subtopologies()) {
            for (TopicInfo t : s.repartitionSourceTopics()) {
                int existing = topics.partitionCount(t.name());
                repartition.put(t.name(), existing > 0 ? existing : t.partitions() > 0 ? t.partitions() : -1);
            }
        }
        Map<String, Integer> userSourceMax = new LinkedHashMap<>();
        for (Subtopology s : topology.subtopologies()) {
            int max = -1;
            List<String> sources = new ArrayList<>(s.sourceTopics());
            sources.addAll(matching(s.sourceTopicRegex(), topics));
            for (String topic : sources) {
                int count = topics.partitionCount(topic);
                if (count < 0) {
                    missingSources.add(topic);
                } else {
                    partitions.put(topic, count);
                    max = Math.max(max, count);
                }
            }
            userSourceMax.put(s.subtopologyId(), max);
        }
        SortedMap<String, Integer> tasks = new TreeMap<>();
        Set<String> pinned = new TreeSet<>();
        List<String> incorrect = new ArrayList<>();
        // twice: copartitioning may pin repartition topics whose readers and downstream topics then follow
        for (int pass = 0; pass < 2; pass++) {
            derive(topology, topics, userSourceMax, repartition, pinned, tasks);
            incorrect = copartition(topology, topics, repartition, pinned);
        }
        Map<String, InternalTopic> missingInternal = new TreeMap<>();
        for (Subtopology s : topology.subtopologies()) {
            for (TopicInfo t : s.repartitionSourceTopics()) {
                internal(t, repartition.get(t.name()), topics, partitions, missingInternal);
            }
            Integer count = tasks.get(s.subtopologyId());
            for (TopicInfo t : s.stateChangelogTopics()) {
                internal(t, count == null ? -1 : count, topics, partitions, missingInternal);
            }
        }
        return new ConfiguredTopology(tasks, List.copyOf(new TreeSet<>(missingSources)), missingInternal,
                List.copyOf(new TreeSet<>(incorrect)), partitions,
                topology.subtopologies().size());
    }

    /** Subtopology task counts, and repartition counts derived from the subtopologies writing them. */
    private static void derive(Topology topology, TopicLookup topics, Map<String, Integer> userSourceMax,
                               Map<String, Integer> repartition, Set<String> pinned, SortedMap<String, Integer> tasks) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Subtopology s : topology.subtopologies()) {
                int count = userSourceMax.get(s.subtopologyId());
                for (TopicInfo t : s.repartitionSourceTopics()) {
                    count = Math.max(count, repartition.get(t.name()));
                }
                if (count > 0 && !Integer.valueOf(count).equals(tasks.get(s.subtopologyId()))) {
                    tasks.put(s.subtopologyId(), count);
                    changed = true;
                }
                for (String sink : s.repartitionSinkTopics()) {
                    Integer current = repartition.get(sink);
                    if (count > 0 && current != null && current < count && topics.partitionCount(sink) < 0
                            && !fixed(topology, sink) && !pinned.contains(sink)) {
                        repartition.put(sink, count);
                        changed = true;
                    }
                }
            }
        }
    }

    /**
     * Gives the repartition topics of each copartition group the group's partition count; returns the topics of
     * groups whose counts cannot agree.
     */
    private static List<String> copartition(Topology topology, TopicLookup topics, Map<String, Integer> repartition,
                                            Set<String> pinned) {
        List<String> incorrect = new ArrayList<>();
        for (Subtopology s : topology.subtopologies()) {
            for (var group : s.copartitionGroups()) {
                Map<String, Integer> user = new TreeMap<>();
                for (short i : group.sourceTopics()) {
                    if (i >= 0 && i < s.sourceTopics().size()) {
                        user.put(s.sourceTopics().get(i), topics.partitionCount(s.sourceTopics().get(i)));
                    }
                }
                List<TopicInfo> internal = new ArrayList<>();
                for (short i : group.repartitionSourceTopics()) {
                    if (i >= 0 && i < s.repartitionSourceTopics().size()) {
                        internal.add(s.repartitionSourceTopics().get(i));
                    }
                }
                user.values().removeIf(count -> count < 0);
                Set<Integer> userCounts = new TreeSet<>(user.values());
                if (userCounts.size() > 1) {
                    incorrect.addAll(user.keySet());
                    continue;
                }
                int target = userCounts.isEmpty()
                        ? internal.stream().mapToInt(t -> repartition.get(t.name())).max().orElse(-1)
                        : userCounts.iterator().next();
                if (target <= 0) {
                    continue;
                }
                for (TopicInfo t : internal) {
                    int existing = topics.partitionCount(t.name());
                    if ((existing >= 0 && existing != target) || (t.partitions() > 0 && t.partitions() != target)) {
                        incorrect.add(t.name());
                    } else {
                        repartition.put(t.name(), target);
                        pinned.add(t.name());
                    }
                }
            }
        }
        return incorrect;
    }

    private static boolean fixed(Topology topology, String topic) {
        return topology.subtopologies().stream().flatMap(s -> s.repartitionSourceTopics().stream())
                .anyMatch(t -> t.name().equals(topic) && t.partitions() > 0);
    }

    private static void internal(TopicInfo t, int count, TopicLookup topics, SortedMap<String, Integer> partitions,
                                 Map<String, InternalTopic> missing) {
        int existing = topics.partitionCount(t.name());
        if (existing >= 0) {
            partitions.put(t.name(), existing);
        } else if (count > 0) {
            Map<String, String> configs = new TreeMap<>();
            t.topicConfigs().forEach(kv -> configs.put(kv.key(), kv.value()));
            missing.put(t.name(), new InternalTopic(t.name(), count, configs));
        }
    }

    private static List<String> matching(List<String> regexes, TopicLookup topics) {
        List<String> out = new ArrayList<>();
        for (String regex : regexes) {
            try {
                Pattern pattern = Pattern.compile(regex);
                for (String name : new TreeSet<>(topics.topicNames())) {
                    if (!name.startsWith("__") && pattern.matcher(name).matches()) {
                        out.add(name);
                    }
                }
            } catch (PatternSyntaxException e) {
                // an invalid expression matches nothing; the subtopology then waits for its sources
            }
        }
        return out;
    }
}
