package io.lanes.coordinator.group.consumer;

import org.apache.kafka.common.Uuid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The server-side assignors: {@code uniform} (balanced, sticky to the previous target) and
 * {@code range} (per topic, contiguous ranges over the subscribers sorted by member id).
 *
 * <p>Stateless.
 */
final class Assignors {
    static final String UNIFORM = "uniform";
    static final String RANGE = "range";

    /** A topic to assign: its id, name and partition count. */
    record Topic(Uuid id, String name, int partitions) {
    }

    private Assignors() {
    }

    static boolean isKnown(String name) {
        return UNIFORM.equals(name) || RANGE.equals(name);
    }

    /**
     * @param subscriptions member id to its subscribed topic names
     * @param previous      the previous target assignment (for stickiness)
     */
    static Map<String, Map<Uuid, Set<Integer>>> assign(String assignor, Map<String, List<String>> subscriptions,
                                                       List<Topic> topics,
                                                       Map<String, Map<Uuid, Set<Integer>>> previous) {
        Map<String, Map<Uuid, Set<Integer>>> out = new HashMap<>();
        List<String> memberIds = new ArrayList<>(subscriptions.keySet());
        memberIds.sort(Comparator.naturalOrder());
        memberIds.forEach(m -> out.put(m, new TreeMap<>()));
        if (RANGE.equals(assignor)) {
            for (Topic topic : topics) {
                List<String> subscribers = memberIds.stream()
                        .filter(m -> subscriptions.get(m).contains(topic.name())).toList();
                if (subscribers.isEmpty()) {
                    continue;
                }
                int per = topic.partitions() / subscribers.size();
                int extra = topic.partitions() % subscribers.size();
                int next = 0;
                for (int i = 0; i < subscribers.size(); i++) {
                    int count = per + (i < extra ? 1 : 0);
                    for (int j = 0; j < count; j++) {
                        ConsumerMember.add(out.get(subscribers.get(i)), topic.id(), next++);
                    }
                }
            }
            return out;
        }
        // uniform: every partition to one of its topic's subscribers, balanced; a partition stays
        // with its previous target while that member is below its fair share
        int total = 0;
        for (Topic topic : topics) {
            boolean subscribed = memberIds.stream().anyMatch(m -> subscriptions.get(m).contains(topic.name()));
            if (subscribed) {
                total += topic.partitions();
            }
        }
        int quota = memberIds.isEmpty() ? 0 : (total + memberIds.size() - 1) / memberIds.size();
        Map<String, Integer> counts = new HashMap<>();
        memberIds.forEach(m -> counts.put(m, 0));
        List<int[]> unassigned = new ArrayList<>();
        for (int t = 0; t < topics.size(); t++) {
            Topic topic = topics.get(t);
            for (int p = 0; p < topic.partitions(); p++) {
                String owner = null;
                for (String m : memberIds) {
                    Map<Uuid, Set<Integer>> prev = previous.get(m);
                    if (prev != null && ConsumerMember.contains(prev, topic.id(), p)
                            && subscriptions.get(m).contains(topic.name()) && counts.get(m) < quota) {
                        owner = m;
                        break;
                    }
                }
                if (owner != null) {
                    ConsumerMember.add(out.get(owner), topic.id(), p);
                    counts.merge(owner, 1, Integer::sum);
                } else {
                    unassigned.add(new int[]{t, p});
                }
            }
        }
        for (int[] tp : unassigned) {
            Topic topic = topics.get(tp[0]);
            String best = null;
            for (String m : memberIds) {
                if (subscriptions.get(m).contains(topic.name()) && (best == null || counts.get(m) < counts.get(best))) {
                    best = m;
                }
            }
            if (best != null) {
                ConsumerMember.add(out.get(best), topic.id(), tp[1]);
                counts.merge(best, 1, Integer::sum);
            }
        }
        return out;
    }
}
