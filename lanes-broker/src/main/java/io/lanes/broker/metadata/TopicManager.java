package io.lanes.broker.metadata;

import io.lanes.broker.BrokerConfig;
import io.lanes.storage.LogConfig;
import io.lanes.storage.LogManager;
import io.lanes.storage.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * Creates, grows, reconfigures and deletes topics, keeping the {@link TopicRegistry} and the
 * partition logs in step. Validation follows Kafka: names ({@code InvalidTopicException}),
 * duplicates and '.'/'_' collisions ({@code TopicExistsException} / {@code InvalidTopicException}),
 * partition counts ({@code InvalidPartitionsException}), replication factor 1
 * ({@code InvalidReplicationFactorException}) and topic configs
 * ({@code InvalidConfigurationException}).
 *
 * <p>Thread-safe: changes are serialized on this object; lookups are lock-free.
 */
public final class TopicManager {
    private static final Logger log = LoggerFactory.getLogger(TopicManager.class);

    private final TopicRegistry registry;
    private final LogManager logs;
    private volatile BrokerConfig config;

    public TopicManager(TopicRegistry registry, LogManager logs, BrokerConfig config) {
        this.registry = registry;
        this.logs = logs;
        this.config = config;
    }

    /** Opens (or creates) the logs of every registered topic. Called once at start-up. */
    public void openAll() {
        for (TopicInfo topic : registry.all()) {
            LogConfig logConfig = logConfig(topic.configs());
            for (int p = 0; p < topic.partitions(); p++) {
                logs.getOrCreate(new TopicPartition(topic.name(), p), topic.id(), logConfig);
            }
        }
    }

    public TopicRegistry registry() {
        return registry;
    }

    public BrokerConfig brokerConfig() {
        return config;
    }

    /** Replaces the broker config (dynamic broker config changes) and re-resolves every topic's config. */
    public synchronized void updateBrokerConfig(BrokerConfig newConfig) {
        this.config = newConfig;
        for (TopicInfo topic : registry.all()) {
            applyConfig(topic);
        }
    }

    public Optional<TopicInfo> topic(String name) {
        return registry.get(name);
    }

    public Optional<TopicInfo> topic(Uuid id) {
        return registry.get(id);
    }

    public Optional<PartitionLog> partition(TopicPartition tp) {
        return logs.get(tp);
    }

    /** The resolved config of a topic with these overrides on top of the broker defaults. */
    public LogConfig logConfig(Map<String, String> overrides) {
        try {
            return LogConfig.from(config.topicDefaults(), overrides);
        } catch (ConfigException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
    }

    /**
     * Creates a topic.
     *
     * @param partitions        the partition count, or -1 for {@code num.partitions}
     * @param replicationFactor the replication factor, or -1 for the default; only 1 is possible
     * @param validateOnly      check everything but create nothing
     * @return the topic that was (or would have been) created
     */
    public synchronized TopicInfo create(String name, int partitions, short replicationFactor,
                                         Map<String, String> configs, boolean validateOnly) {
        Topic.validate(name);
        if (registry.get(name).isPresent()) {
            throw new TopicExistsException("Topic '" + name + "' already exists.");
        }
        for (TopicInfo existing : registry.all()) {
            if (Topic.hasCollision(name, existing.name())) {
                throw new InvalidTopicException("Topic '" + name + "' collides with existing topic: " + existing.name());
            }
        }
        int count = partitions == -1 ? config.numPartitions() : partitions;
        if (count <= 0) {
            throw new InvalidPartitionsException("Number of partitions was set to an invalid non-positive value.");
        }
        checkPartitionBudget(count);
        if (replicationFactor != -1 && replicationFactor != 1) {
            if (replicationFactor <= 0) {
                throw new InvalidReplicationFactorException("Replication factor must be larger than 0, or -1 to use "
                        + "the default value.");
            }
            throw new InvalidReplicationFactorException("Unable to replicate the partition " + replicationFactor
                    + " time(s): The target replication factor of " + replicationFactor
                    + " cannot be reached because only 1 broker(s) are registered.");
        }
        LogConfig logConfig = logConfig(configs);
        TopicInfo topic = new TopicInfo(name, Uuid.randomUuid(), count, configs);
        if (validateOnly) {
            return topic;
        }
        // Every partition exists before the topic becomes visible: a lookup that finds the topic
        // (FindCoordinator for an internal topic, Metadata, Produce) finds all of its partitions.
        for (int p = 0; p < count; p++) {
            logs.getOrCreate(new TopicPartition(name, p), topic.id(), logConfig);
        }
        try {
            registry.put(topic);
        } catch (RuntimeException e) {
            for (int p = 0; p < count; p++) {
                logs.delete(new TopicPartition(name, p));
            }
            throw e;
        }
        log.info("Created topic {} with {} partition(s) and configs {}", name, count, configs);
        return topic;
    }

    /** Grows a topic to {@code totalCount} partitions. */
    public synchronized TopicInfo createPartitions(String name, int totalCount, boolean validateOnly) {
        TopicInfo topic = registry.get(name).orElseThrow(() ->
                new UnknownTopicOrPartitionException("This server does not host this topic: " + name));
        if (totalCount < topic.partitions()) {
            throw new InvalidPartitionsException("Topic currently has " + topic.partitions()
                    + " partitions, which is higher than the requested " + totalCount + ".");
        }
        if (totalCount == topic.partitions()) {
            throw new InvalidPartitionsException("Topic already has " + topic.partitions() + " partitions.");
        }
        checkPartitionBudget(totalCount - topic.partitions());
        TopicInfo grown = topic.withPartitions(totalCount);
        if (validateOnly) {
            return grown;
        }
        LogConfig logConfig = logConfig(topic.configs());
        for (int p = topic.partitions(); p < totalCount; p++) {
            logs.getOrCreate(new TopicPartition(name, p), topic.id(), logConfig);
        }
        registry.put(grown);
        log.info("Topic {} now has {} partition(s)", name, totalCount);
        return grown;
    }

    /** Replaces a topic's config overrides (validated first). */
    public synchronized TopicInfo alterConfigs(String name, Map<String, String> overrides, boolean validateOnly) {
        TopicInfo topic = registry.get(name).orElseThrow(() ->
                new UnknownTopicOrPartitionException("This server does not host this topic: " + name));
        logConfig(overrides);
        TopicInfo altered = topic.withConfigs(overrides);
        if (!validateOnly) {
            registry.put(altered);
            applyConfig(altered);
            log.info("Topic {} configs are now {}", name, overrides);
        }
        return altered;
    }

    /** Deletes a topic and its data. */
    public synchronized void delete(String name) {
        if (!config.deleteTopicEnable()) {
            throw new TopicDeletionDisabledException("Topic deletion is disabled.");
        }
        if (name == null || name.isEmpty()) {
            throw new InvalidRequestException("Topic name must be set");
        }
        TopicInfo topic = registry.get(name).orElseThrow(() ->
                new UnknownTopicOrPartitionException("This server does not host this topic: " + name));
        registry.remove(name);
        for (int p = 0; p < topic.partitions(); p++) {
            logs.delete(new TopicPartition(name, p));
        }
        log.info("Deleted topic {}", name);
    }

    private void applyConfig(TopicInfo topic) {
        LogConfig logConfig = logConfig(topic.configs());
        for (int p = 0; p < topic.partitions(); p++) {
            logs.get(new TopicPartition(topic.name(), p)).ifPresent(l -> l.updateConfig(logConfig));
        }
    }

    private void checkPartitionBudget(int added) {
        int total = registry.totalPartitions() + added;
        if (total > config.maxPartitions()) {
            throw new InvalidPartitionsException("The request would bring this broker to " + total
                    + " partitions, above lanes.max.partitions=" + config.maxPartitions() + ".");
        }
    }
}
