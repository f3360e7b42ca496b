package io.lanes.processor.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where failed records go: the retry topics {@code <topic>-retry-0}, {@code <topic>-retry-1}, ...
 * (Spring Kafka's names with index suffixes) each with its delay, then the dead-letter topic
 * {@code <topic><deadLetterSuffix>} ({@code -dlt} by default, as Spring Kafka).
 *
 * <p>Immutable and thread-safe.
 */
public final class FailureRoutes {

    private final List<Duration> retryDelays;
    private final String deadLetterSuffix;
    private final Map<String, Hop> retryTopics = new HashMap<>();

    /** A retry topic: the main topic it serves and its position (0 for the first). */
    public record Hop(String mainTopic, int index) {
    }

    /** A destination topic and the delay before its records may be handled. */
    public record Destination(String topic, long delayMillis, boolean deadLetter) {
    }

    public FailureRoutes(List<String> mainTopics, List<Duration> retryDelays, String deadLetterSuffix) {
        this.retryDelays = List.copyOf(retryDelays);
        this.deadLetterSuffix = deadLetterSuffix;
        for (String topic : mainTopics) {
            for (int i = 0; i < retryDelays.size(); i++) {
                retryTopics.put(retryTopic(topic, i), new Hop(topic, i));
            }
        }
    }

    /** Whether retry topics are configured. */
    public boolean hasRetryTopics() {
        return !retryDelays.isEmpty();
    }

    public static String retryTopic(String mainTopic, int index) {
        return mainTopic + "-retry-" + index;
    }

    public String deadLetterTopic(String mainTopic) {
        return mainTopic + deadLetterSuffix;
    }

    /** The retry topics to subscribe to besides the main topics. */
    public List<String> allRetryTopics() {
        return new ArrayList<>(retryTopics.keySet());
    }

    /** The retry topics of one main topic, in order. */
    public List<String> retryTopicsOf(String mainTopic) {
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < retryDelays.size(); i++) {
            topics.add(retryTopic(mainTopic, i));
        }
        return topics;
    }

    /** Whether {@code topic} is one of our retry topics. */
    public boolean isRetryTopic(String topic) {
        return retryTopics.containsKey(topic);
    }

    /** The main topic a consumed topic belongs to. */
    public String mainTopicOf(String topic) {
        Hop hop = retryTopics.get(topic);
        return hop == null ? topic : hop.mainTopic();
    }

    /**
     * The next destination of a record that failed for good on {@code topic}: the next retry
     * topic when there is one and the failure may be retried, else the dead-letter topic.
     */
    public Destination next(String topic, boolean retryable) {
        Hop hop = retryTopics.get(topic);
        String main = hop == null ? topic : hop.mainTopic();
        int nextIndex = hop == null ? 0 : hop.index() + 1;
        if (retryable && nextIndex < retryDelays.size()) {
            return new Destination(retryTopic(main, nextIndex), retryDelays.get(nextIndex).toMillis(), false);
        }
        return new Destination(deadLetterTopic(main), 0, true);
    }
}
