package io.lanes.coordinator.group.consumer;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.apache.kafka.common.errors.InvalidRegularExpression;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The topics each regular expression of a consumer group's members resolves to (KIP-848
 * {@code SubscribedTopicRegex}, RE2/J syntax as in Kafka: a topic matches when the whole name
 * matches; every topic counts, internal ones included, as in Kafka).
 *
 * <p>Kafka resolves in a background task, at most every 10 s or when topics were created;
 * Lanes resolves during the heartbeat, and only when the set of topic names or of expressions
 * differs from the last resolution, so a created or deleted topic is seen by the next heartbeat
 * of any member. The resolution is derived state: it is not persisted, and is rebuilt on the
 * first heartbeat after loading.
 *
 * <p>Not thread-safe: used under the shard lock.
 */
final class ResolvedRegexes {
    private final Map<String, Pattern> compiled = new HashMap<>();
    private final Map<String, Set<String>> resolved = new HashMap<>();
    /** The topic names the current resolution was computed from; null before the first one. */
    private Set<String> resolvedFrom;

    /**
     * @throws InvalidRegularExpression if {@code regex} is not a valid RE2/J expression
     */
    static void validate(String regex) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidRegularExpression("SubscribedTopicRegex `" + regex + "` is not a valid regular expression: "
                    + e.getDescription() + ".");
        }
    }

    /** The topics {@code regex} resolved to at the last {@link #refresh}; empty if it was not resolved. */
    Set<String> resolved(String regex) {
        return resolved.getOrDefault(regex, Set.of());
    }

    /**
     * Resolves {@code regexes} against {@code topicNames} unless the last resolution was of the
     * same expressions against the same names.
     *
     * @return whether what some expression resolves to changed
     */
    boolean refresh(Set<String> regexes, Collection<String> topicNames) {
        if (regexes.isEmpty()) {
            boolean changed = !resolved.isEmpty();
            clear();
            return changed;
        }
        if (regexes.equals(resolved.keySet()) && resolvedFrom != null && resolvedFrom.size() == topicNames.size()
                && resolvedFrom.containsAll(topicNames)) {
            return false;
        }
        compiled.keySet().retainAll(regexes);
        Map<String, Set<String>> next = new HashMap<>();
        for (String regex : regexes) {
            Pattern pattern = compiled.computeIfAbsent(regex, Pattern::compile);
            Set<String> matches = new TreeSet<>();
            for (String topic : topicNames) {
                if (pattern.matches(topic)) {
                    matches.add(topic);
                }
            }
            next.put(regex, matches);
        }
        boolean changed = !next.equals(resolved);
        resolved.clear();
        resolved.putAll(next);
        resolvedFrom = new HashSet<>(topicNames);
        return changed;
    }

    void clear() {
        compiled.clear();
        resolved.clear();
        resolvedFrom = null;
    }
}
