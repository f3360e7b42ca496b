package io.lanes.ops.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

/**
 * Describes one topic as {@code kafka-topics.sh --describe} does: its partitions with leader,
 * replicas and in-sync replicas, and the configs that differ from the defaults (every entry whose
 * source is not {@code DEFAULT_CONFIG}, as Kafka's tool filters them). Thread-safe (Admin is).
 */
public final class TopicDescriber {

    /** One partition: its leader's node id ({@code -1} when it has none), replica and ISR node ids. */
    public record PartitionDetails(int partition, int leader, List<Integer> replicas, List<Integer> isr) {
    }

    /** A topic: name, id, partition count, replication factor, non-default configs (sorted), partitions. */
    public record TopicDetails(String name, String topicId, int partitionCount, int replicationFactor,
                               Map<String, String> configs, List<PartitionDetails> partitions) {
    }

    private final Admin admin;
    private final Duration timeout;

    public TopicDescriber(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * The topic's description.
     *
     * @throws UnknownTopicOrPartitionException (as the cause of the ExecutionException) when it does not exist
     */
    public TopicDetails describe(String topic) throws ExecutionException, InterruptedException {
        TopicDescription description = describeTopic(admin, topic, timeout);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(Set.of(resource),
                        new DescribeConfigsOptions().timeoutMs((int) timeout.toMillis()))
                .all().get().get(resource);
        Map<String, String> configs = new TreeMap<>();
        for (ConfigEntry entry : config.entries()) {
            if (!entry.isDefault() && entry.value() != null) {
                configs.put(entry.name(), entry.isSensitive() ? "(sensitive)" : entry.value());
            }
        }
        List<PartitionDetails> partitions = description.partitions().stream().map(TopicDescriber::partition).toList();
        int replicationFactor = partitions.isEmpty() ? 0 : partitions.get(0).replicas().size();
        return new TopicDetails(description.name(), description.topicId().toString(), partitions.size(),
                replicationFactor, configs, partitions);
    }

    /** The topic's description from the cluster, or a clear {@link UnknownTopicOrPartitionException}. */
    static TopicDescription describeTopic(Admin admin, String topic, Duration timeout)
            throws ExecutionException, InterruptedException {
        try {
            return admin.describeTopics(Set.of(topic), new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
                    .allTopicNames().get().get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new ExecutionException(unknownTopic(topic));
            }
            throw e;
        }
    }

    static UnknownTopicOrPartitionException unknownTopic(String topic) {
        return new UnknownTopicOrPartitionException("topic '" + topic + "' does not exist");
    }

    private static PartitionDetails partition(TopicPartitionInfo info) {
        Node leader = info.leader();
        return new PartitionDetails(info.partition(), leader == null || leader.isEmpty() ? -1 : leader.id(),
                info.replicas().stream().map(Node::id).toList(), info.isr().stream().map(Node::id).toList());
    }
}
