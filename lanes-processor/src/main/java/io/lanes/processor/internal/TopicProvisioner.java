package io.lanes.processor.internal;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates retry and dead-letter topics that do not exist yet, with the partition count of the
 * topic they serve (so a record keeps its partition number) and the broker's default replication
 * factor.
 *
 * <p>Thread-safe; a topic known to exist is not asked about again.
 */
public final class TopicProvisioner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final boolean enabled;
    private final long timeoutMs;
    private final Map<String, Integer> known = new ConcurrentHashMap<>();

    public TopicProvisioner(Admin admin, boolean enabled, long timeoutMs) {
        this.admin = admin;
        this.enabled = enabled;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Makes sure {@code topic} exists, creating it with as many partitions as {@code sourceTopic},
     * and returns its partition count (or -1 when topic creation is disabled and it is not known).
     *
     * @throws IllegalStateException when the broker cannot be asked or refuses
     */
    public int ensure(String topic, String sourceTopic) {
        Integer count = known.get(topic);
        if (count != null) {
            return count;
        }
        try {
            int partitions;
            if (admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS).contains(topic)) {
                partitions = partitionCount(topic);
            } else if (enabled) {
                partitions = partitionCount(sourceTopic);
                create(topic, partitions);
                LOG.info("Created topic {} with {} partitions, as {}", topic, partitions, sourceTopic);
            } else {
                return -1;
            }
            known.put(topic, partitions);
            return partitions;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topic " + topic + " for " + sourceTopic + ": " + e, e);
        }
    }

    private int partitionCount(String topic) throws InterruptedException, ExecutionException, TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(timeoutMs, TimeUnit.MILLISECONDS).get(topic);
        return description.partitions().size();
    }

    private void create(String topic, int partitions) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .all().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
