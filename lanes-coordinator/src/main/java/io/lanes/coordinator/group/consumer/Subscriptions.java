package io.lanes.coordinator.group.consumer;

import io.lanes.coordinator.group.TopicLookup;
import io.lanes.coordinator.group.records.ConsumerGroupRecords;
import io.lanes.coordinator.group.records.ConsumerGroupRecords.ResolvedRegex;
import io.lanes.coordinator.runtime.CoordinatorRecord;
import org.apache.kafka.common.Uuid;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * What the members of a consumer group subscribe to and what they should own: regular expressions
 * resolved against the topics, the subscribed topics' partition counts, the assignor and the target
 * assignment. Computes what an operation proposes and the records for it; changes no group (replay does).
 *
 * <p>Not thread-safe: used under the shard lock.
 */
final class Subscriptions {
    private final TopicLookup topics;
    private final List<String> assignors;
    private final LongSupplier clock;
    private final ResolvedRegexes regexes = new ResolvedRegexes();

    /**
     * @param assignors the server assignors, the default first (group.consumer.assignors)
     * @param clock     the time in ms, stamped on new regular expression resolutions and target assignments
     */
    Subscriptions(TopicLookup topics, List<String> assignors, LongSupplier clock) {
        this.topics = topics;
        this.assignors = List.copyOf(assignors);
        this.clock = clock;
    }

    /**
     * The target assignment of the proposed members at {@code epoch}: adds to {@code out} records for the
     * members whose target changed, then the target assignment epoch.
     *
     * @return member id to its target
     */
    Map<String, Map<Uuid, Set<Integer>>> computeTarget(List<CoordinatorRecord> out, Proposed proposed, int epoch,
                                                       SortedMap<String, Integer> metadata,
                                                       Map<String, ResolvedRegex> resolutions) {
        ConsumerGroup group = proposed.group();
        List<ConsumerMember> members = proposed.members();
        List<Assignors.Topic> assignable = new ArrayList<>();
        metadata.forEach((name, partitions) -> {
            Uuid id = topics.topicId(name);
            if (id != null && !Uuid.ZERO_UUID.equals(id)) {
                assignable.add(new Assignors.Topic(id, name, partitions));
            }
        });
        Map<String, List<String>> subscriptions = new HashMap<>();
        members.forEach(m -> subscriptions.put(m.memberId, new ArrayList<>(subscribedTopics(m, resolutions))));
        Map<String, Map<Uuid, Set<Integer>>> previous = new HashMap<>(group.targetAssignment);
        if (proposed.removedId() != null) {
            Map<Uuid, Set<Integer>> replaced = previous.remove(proposed.removedId());
            if (replaced != null && proposed.member() != null) {
                previous.put(proposed.member().memberId, replaced);
            }
        }
        Map<String, Map<Uuid, Set<Integer>>> target = Assignors.assign(chooseAssignor(members), subscriptions,
                assignable, previous);
        new TreeMap<>(target).forEach((memberId, partitions) -> {
            if (!partitions.equals(previous.getOrDefault(memberId, Map.of()))
                    || (proposed.member() != null && proposed.removedId() != null
                    && memberId.equals(proposed.member().memberId))) {
                out.add(ConsumerGroupRecords.targetMember(group.groupId(), memberId, partitions));
            }
        });
        out.add(ConsumerGroupRecords.targetEpoch(group.groupId(), epoch, clock.getAsLong()));
        return target;
    }

    /** The assignor most members ask for, else the default (the first of group.consumer.assignors). */
    String chooseAssignor(Collection<ConsumerMember> members) {
        Map<String, Integer> votes = new TreeMap<>();
        for (ConsumerMember m : members) {
            if (m.serverAssignor != null) {
                votes.merge(m.serverAssignor, 1, Integer::sum);
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(assignors.get(0));
    }

    /** {@code counts} with {@code minus} taken out and {@code plus} put in (the same map when they are equal). */
    static Map<String, Integer> adjusted(Map<String, Integer> counts, Collection<String> minus,
                                                 Collection<String> plus) {
        if (minus.size() == plus.size() && minus.containsAll(plus)) {
            return counts;
        }
        Map<String, Integer> out = new TreeMap<>(counts);
        minus.forEach(k -> out.computeIfPresent(k, (key, n) -> n == 1 ? null : n - 1));
        plus.forEach(k -> out.merge(k, 1, Integer::sum));
        return out;
    }

    static List<String> regexOf(ConsumerMember member) {
        return member == null || member.subscribedTopicRegex == null ? List.of() : List.of(member.subscribedTopicRegex);
    }

    static Map<String, Set<String>> topicsOf(Map<String, ResolvedRegex> resolutions) {
        Map<String, Set<String>> out = new TreeMap<>();
        resolutions.forEach((regex, r) -> out.put(regex, r.topics()));
        return out;
    }

    /**
     * What the expressions in use resolve to, adding to {@code out} a record for each expression whose
     * resolution is new or changed and a tombstone for each nobody uses any more. Expressions are resolved
     * again only when the topic names differ from those the group's resolutions were last found current for.
     */
    Map<String, ResolvedRegex> resolveRegexes(List<CoordinatorRecord> out, ConsumerGroup group, Set<String> inUse) {
        Map<String, ResolvedRegex> proposed = new TreeMap<>();
        if (inUse.isEmpty() && group.resolvedRegexes.isEmpty()) {
            return proposed;
        }
        Set<String> names = null;
        boolean current = false;
        if (group.cacheRegexTopicNames != null) {
            names = topics.topicNames();
            current = names.equals(group.cacheRegexTopicNames);
        }
        boolean changed = false;
        for (String regex : inUse) {
            ResolvedRegex existing = group.resolvedRegexes.get(regex);
            if (existing != null && current) {
                proposed.put(regex, existing);
                continue;
            }
            if (names == null) {
                names = topics.topicNames();
            }
            Set<String> resolved = regexes.resolve(regex, names);
            if (existing != null && existing.topics().equals(resolved)) {
                proposed.put(regex, existing);
                continue;
            }
            ResolvedRegex next = new ResolvedRegex(resolved, 0, clock.getAsLong());
            out.add(ConsumerGroupRecords.regex(group.groupId(), regex, next));
            proposed.put(regex, next);
            changed = true;
        }
        for (String regex : group.resolvedRegexes.keySet()) {
            if (!inUse.contains(regex)) {
                out.add(ConsumerGroupRecords.regexTombstone(group.groupId(), regex));
                changed = true;
            }
        }
        if (!changed && names != null) {
            // a cache, not state: the group's resolutions are what resolving against these names gives
            group.cacheRegexTopicNames = Set.copyOf(names);
        }
        return proposed;
    }

    /** The subscribed topics that exist, with their partition counts: names given and what expressions matched. */
    SortedMap<String, Integer> subscribedMetadata(Set<String> names, Map<String, ResolvedRegex> resolutions) {
        SortedMap<String, Integer> out = new TreeMap<>();
        for (String topic : names) {
            int partitions = topics.partitionCount(topic);
            if (partitions > 0) {
                out.put(topic, partitions);
            }
        }
        for (ResolvedRegex r : resolutions.values()) {
            for (String topic : r.topics()) {
                if (!out.containsKey(topic)) {
                    int partitions = topics.partitionCount(topic);
                    if (partitions > 0) {
                        out.put(topic, partitions);
                    }
                }
            }
        }
        return out;
    }

    static Set<String> subscribedTopics(ConsumerMember member, Map<String, ResolvedRegex> resolutions) {
        Set<String> out = new TreeSet<>(member.subscribedTopics);
        ResolvedRegex r = member.subscribedTopicRegex == null ? null : resolutions.get(member.subscribedTopicRegex);
        if (r != null) {
            out.addAll(r.topics());
        }
        return out;
    }
}
