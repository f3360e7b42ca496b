package io.lanes.coordinator.group.consumer;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.apache.kafka.common.errors.InvalidRegularExpression;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves the regular expressions of KIP-848 {@code SubscribedTopicRegex} (RE2/J syntax as in Kafka: a topic
 * matches when the whole name matches; every topic counts, internal ones included, as in Kafka).
 *
 * <p>Kafka resolves in a background task, at most every 10 s or when topics were created; Lanes resolves during
 * the heartbeat when the set of topic names differs from the one the group's resolutions were last found current
 * for, so a created or deleted topic is seen by the next heartbeat of any member. What an expression resolved to
 * is group state, written as a ConsumerGroupRegularExpression record.
 *
 * <p>Keeps compiled patterns only (a cache). Not thread-safe: used under the shard lock.
 */
final class ResolvedRegexes {
    private static final int MAX_COMPILED = 1_000;
    private final Map<String, Pattern> compiled = new HashMap<>();

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

    /** The topics of {@code topicNames} that {@code regex} matches, sorted. */
    Set<String> resolve(String regex, Collection<String> topicNames) {
        if (compiled.size() > MAX_COMPILED) {
            compiled.clear();
        }
        Pattern pattern = compiled.computeIfAbsent(regex, Pattern::compile);
        Set<String> matches = new TreeSet<>();
        for (String topic : topicNames) {
            if (pattern.matches(topic)) {
                matches.add(topic);
            }
        }
        return matches;
    }
}
