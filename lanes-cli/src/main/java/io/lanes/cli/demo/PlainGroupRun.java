package io.lanes.cli.demo;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The baseline of the processor stage: a plain consumer group with one consumer per partition,
 * each handling its records one by one on its own thread (seed article 001's loop: poll, handle,
 * commit). A transient failure is retried in place after the processor's first backoff, its
 * partition waiting meanwhile; a malformed event is skipped (a throwing deserializer would stop
 * the partition for good). The group is not asked to finish: its throughput is measured over a
 * fixed window once every consumer owns its partition. Thread-safe.
 */
final class PlainGroupRun implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long RETRY_BACKOFF_MILLIS = 100;
    private static final int MAX_ATTEMPTS = 3;
    /** Small batches, so a consumer busy handling one answers a rebalance within a fraction of a second. */
    private static final int MAX_POLL_RECORDS = 50;

    private final String topic;
    private final StageHandler handler;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, Set<TopicPartition>> owned = new ConcurrentHashMap<>();
    private final Queue<String> errors = new ConcurrentLinkedQueue<>();
    private final Map<String, Object> baseConfig;
    private final int consumers;
    private volatile long lastAssignmentNanos = System.nanoTime();
    private volatile boolean stopping;

    PlainGroupRun(String bootstrap, String topic, int consumers, GroupProtocolChoice protocol, StageHandler handler) {
        this.topic = topic;
        this.consumers = consumers;
        this.handler = handler;
        this.baseConfig = GroupMember.consumerConfig(bootstrap, StageSettings.PLAIN_GROUP, "plain", protocol);
    }

    void start() {
        for (int i = 1; i <= consumers; i++) {
            String name = StageSettings.PLAIN_GROUP + "-" + i;
            owned.put(name, ConcurrentHashMap.newKeySet());
            Thread thread = new Thread(() -> run(name), "demo-" + name);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Every consumer owns exactly one partition, and no assignment changed for {@code quietNanos}. */
    boolean formed(long quietNanos) {
        return owned.values().stream().allMatch(p -> p.size() == 1)
                && System.nanoTime() - lastAssignmentNanos > quietNanos;
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    private void run(String name) {
        Map<String, Object> config = new java.util.HashMap<>(baseConfig);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        OrderEventDeserializer parser = new OrderEventDeserializer();
        try {
            KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            Set<TopicPartition> mine = owned.get(name);
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    partitions.forEach(mine::remove);
                    lastAssignmentNanos = System.nanoTime();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    mine.addAll(partitions);
                    lastAssignmentNanos = System.nanoTime();
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    onPartitionsRevoked(partitions);
                }
            });
            try {
                while (!stopping) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        if (stopping) {
                            break;
                        }
                        handle(parser, record);
                    }
                    if (!stopping) {
                        commit(consumer);
                    }
                }
            } finally {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            }
        } catch (RuntimeException e) {
            errors.add(name + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Commits what was handled; a commit refused by a rebalance is covered by the next one (at least once). */
    private static void commit(KafkaConsumer<byte[], byte[]> consumer) {
        try {
            consumer.commitSync();
        } catch (RebalanceInProgressException | CommitFailedException | RetriableException e) {
            // the records are handled again by the partition's next owner
        }
    }

    private void handle(OrderEventDeserializer parser, ConsumerRecord<byte[], byte[]> record)
            throws InterruptedException {
        OrderEvent event;
        try {
            event = parser.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            return; // skipped: the plain group has no dead-letter topic
        }
        for (int attempt = 1; ; attempt++) {
            try {
                handler.handle(record.partition(), record.offset(), event);
                return;
            } catch (StageHandler.TransientFailure e) {
                if (attempt == MAX_ATTEMPTS) {
                    return;
                }
                Thread.sleep(RETRY_BACKOFF_MILLIS); // the partition waits: one thread is all it has
            }
        }
    }

    /** Stops every consumer (each leaves the group) and waits for them. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(15));
            if (thread.isAlive()) {
                errors.add(thread.getName() + " did not stop within 15 s");
            }
        }
    }
}
