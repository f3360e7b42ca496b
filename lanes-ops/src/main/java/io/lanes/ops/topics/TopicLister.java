package io.lanes.ops.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Lists a cluster's topics with their partition counts and replication factors. Thread-safe. */
public final class TopicLister {

    /** One topic: name, id, partitions, replication factor (of its first partition), internal or not. */
    public record TopicSummary(String name, String topicId, int partitions, int replicationFactor, boolean internal) {
    }

    private final Admin admin;
    private final Duration timeout;

    public TopicLister(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Every topic, sorted by name; internal topics only when asked. */
    public List<TopicSummary> list(boolean includeInternal)
            throws ExecutionException, InterruptedException, TimeoutException {
        var names = admin.listTopics(new ListTopicsOptions().listInternal(includeInternal)).names()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        var descriptions = admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return descriptions.values().stream()
                .map(TopicLister::summary)
                .sorted(Comparator.comparing(TopicSummary::name))
                .toList();
    }

    private static TopicSummary summary(TopicDescription d) {
        int replicas = d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size();
        return new TopicSummary(d.name(), d.topicId().toString(), d.partitions().size(), replicas, d.isInternal());
    }
}
