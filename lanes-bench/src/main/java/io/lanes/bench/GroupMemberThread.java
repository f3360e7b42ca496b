package io.lanes.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A subscribed consumer on its own thread, as an application runs one. It keeps the set of
 * partitions it owns and maintains the shared per-partition resumption clock: a partition it is
 * given or gives up has not resumed (0) until its owner delivers a record from it again, which
 * stamps the delivery time. Every method may be called from any thread.
 */
final class GroupMemberThread implements ConsumerRebalanceListener, AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final AtomicLongArray resumedAt;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Creates the client; it joins the group when {@link #start()} is called. */
    GroupMemberThread(String bootstrap, Map<String, Object> groupConfig, String topic, AtomicLongArray resumedAt,
                      String name) {
        Map<String, Object> config = new java.util.HashMap<>(groupConfig);
        config.put("bootstrap.servers", bootstrap);
        config.put("client.id", name);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        this.topic = topic;
        this.resumedAt = resumedAt;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), this);
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    // first record from the partition since it was (re)assigned or since the clock was reset
                    resumedAt.compareAndSet(record.partition(), 0, System.nanoTime());
                }
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
        }
    }

    int ownedCount() {
        return owned.size();
    }

    void check() throws BenchException {
        Exception e = failure.get();
        if (e != null) {
            throw new BenchException(thread.getName() + " failed: " + e, e);
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            resumedAt.set(partition.partition(), 0);
            owned.add(partition.partition());
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            owned.remove(partition.partition());
            resumedAt.set(partition.partition(), 0);
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }

    /** Stops polling and leaves the group. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(20_000);
    }
}
