package io.lanes.ops.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DeleteTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidPartitionsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Creates, reconfigures, grows and deletes topics through the Admin API. Every change is one
 * request the cluster validates as a whole (a bad config name or value changes nothing); an
 * unknown topic fails with {@link org.apache.kafka.common.errors.UnknownTopicOrPartitionException}
 * before anything is sent. Thread-safe (Admin is).
 */
public final class TopicChanges {
    private final Admin admin;
    private final Duration timeout;

    public TopicChanges(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * Creates a topic. An empty partition count or replication factor leaves it to the cluster
     * ({@code num.partitions}, {@code default.replication.factor}), as {@code kafka-topics.sh --create}
     * does without the option.
     */
    public void create(String topic, Optional<Integer> partitions, Optional<Short> replicationFactor,
                       Map<String, String> configs) throws ExecutionException, InterruptedException {
        NewTopic newTopic = new NewTopic(topic, partitions, replicationFactor).configs(configs);
        admin.createTopics(List.of(newTopic), new CreateTopicsOptions().timeoutMs(timeoutMs())).all().get();
    }

    /** Sets and deletes (reverts to default) topic configs in one incremental request. */
    public void alterConfig(String topic, Map<String, String> set, Collection<String> delete)
            throws ExecutionException, InterruptedException {
        TopicDescriber.describeTopic(admin, topic, timeout);
        List<AlterConfigOp> ops = new ArrayList<>();
        set.forEach((name, value) -> ops.add(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET)));
        delete.forEach(name -> ops.add(new AlterConfigOp(new ConfigEntry(name, null), AlterConfigOp.OpType.DELETE)));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(resource, ops), new AlterConfigsOptions().timeoutMs(timeoutMs()))
                .all().get();
    }

    /**
     * Grows the topic to {@code total} partitions (Kafka never shrinks one).
     *
     * @return the partition count before the change
     */
    public int addPartitions(String topic, int total) throws ExecutionException, InterruptedException {
        TopicDescription description = TopicDescriber.describeTopic(admin, topic, timeout);
        int current = description.partitions().size();
        if (total <= current) {
            // the broker says the same (INVALID_PARTITIONS); saying it here names both counts
            throw new ExecutionException(new InvalidPartitionsException("topic '" + topic + "' has " + current
                    + " partitions; the new total must be larger, got " + total));
        }
        admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(total)),
                new CreatePartitionsOptions().timeoutMs(timeoutMs())).all().get();
        return current;
    }

    /** Deletes the topic and its records. */
    public void delete(String topic) throws ExecutionException, InterruptedException {
        TopicDescriber.describeTopic(admin, topic, timeout);
        admin.deleteTopics(Set.of(topic), new DeleteTopicsOptions().timeoutMs(timeoutMs())).all().get();
    }

    private int timeoutMs() {
        return (int) timeout.toMillis();
    }
}
