package io.lanes.registry;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The registry's store: the compacted topic (one partition) that every write goes through, and
 * a follower thread that reads it from the start and applies each record to a
 * {@link RegistryState}, so every instance over the cluster ends in the same state. The first
 * write creates the topic.
 *
 * <p>{@link #append} returns once this instance has applied what it wrote (read your writes);
 * {@link #catchUp} once it has applied everything in the log when called, so a write decided
 * after it sees every earlier write of every instance. Thread-safe.
 */
final class SchemaLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchemaLog.class);

    private final TopicPartition partition;
    private final RegistryState state;
    private final Duration timeout;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread follower;
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private volatile boolean topicExists;
    /** The next offset the follower will apply; guarded by {@code this}. */
    private long applied;

    private SchemaLog(String topic, Map<String, Object> clientConfig, RegistryState state, Duration timeout) {
        this.partition = new TopicPartition(topic, 0);
        this.state = state;
        this.timeout = timeout;
        this.admin = Admin.create(clientConfig);
        Map<String, Object> producerConfig = new HashMap<>(clientConfig);
        producerConfig.put("acks", "all");
        producerConfig.put("linger.ms", 0);
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
        consumerConfig.put("enable.auto.commit", false);
        consumerConfig.put("auto.offset.reset", "earliest");
        // a missing topic is created by the first write, with its configs, never by a metadata request
        consumerConfig.put("allow.auto.create.topics", false);
        this.consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.follower = new Thread(this::follow, "lanes-registry-follower");
        this.follower.setDaemon(true);
    }

    /**
     * Starts following the topic and returns once the state holds everything the topic holds.
     * A missing topic is created by the first write ({@link #append}), so a registry nobody
     * writes to leaves no trace in the cluster; the follower picks the topic up once it exists,
     * whichever instance created it.
     *
     * @throws RegistryException when the cluster cannot be reached
     */
    static SchemaLog open(String topic, Map<String, Object> clientConfig, RegistryState state, Duration timeout) {
        SchemaLog schemaLog = new SchemaLog(topic, clientConfig, state, timeout);
        try {
            schemaLog.nodes();
            schemaLog.follower.start();
            schemaLog.catchUp();
            return schemaLog;
        } catch (RuntimeException e) {
            schemaLog.close();
            throw e;
        }
    }

    private int nodes() {
        try {
            return admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        } catch (ExecutionException e) {
            throw RegistryException.store("Cannot reach the cluster holding " + partition.topic() + ": "
                    + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw RegistryException.timeout("No answer from the cluster holding " + partition.topic());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.timeout("Interrupted while reaching the cluster holding " + partition.topic());
        }
    }

    /** Whether the topic exists (remembered once true: the registry never deletes it). */
    private boolean topicExists() {
        if (topicExists) {
            return true;
        }
        try {
            admin.describeTopics(List.of(partition.topic())).allTopicNames().get(timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            topicExists = true;
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw RegistryException.store("Cannot describe " + partition.topic() + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw RegistryException.timeout("No answer from the cluster about " + partition.topic());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.timeout("Interrupted while describing " + partition.topic());
        }
    }

    /**
     * Creates the topic unless it exists: {@code cleanup.policy=compact}, one partition (one
     * order for every write), as many replicas as the cluster has nodes, up to 3.
     */
    private void createTopicIfMissing() {
        if (topicExists()) {
            return;
        }
        try {
            int nodes = nodes();
            NewTopic topic = new NewTopic(partition.topic(), Optional.of(1), Optional.of((short) Math.min(3, nodes)))
                    .configs(Map.of("cleanup.policy", "compact"));
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            topicExists = true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw RegistryException.store("Cannot create the schemas topic " + partition.topic() + ": "
                        + e.getCause().getMessage());
            }
        } catch (TimeoutException e) {
            throw RegistryException.timeout("No answer from the cluster while creating " + partition.topic());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.timeout("Interrupted while creating " + partition.topic());
        }
    }

    private void follow() {
        try {
            awaitTopic();
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    state.apply(record.key(), record.value());
                }
                long position = consumer.position(partition);
                synchronized (this) {
                    applied = position;
                    notifyAll();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                log.error("The schema registry stopped following {}", partition.topic(), e);
                failure = e;
            }
        } finally {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * On the follower thread: waits until the topic exists, then reads it from the start. It asks
     * the cluster once a second (a metadata request), at once when this instance saw the topic.
     */
    private void awaitTopic() {
        long nextCheck = System.nanoTime();
        while (running) {
            if (topicExists || System.nanoTime() - nextCheck >= 0) {
                nextCheck = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                try {
                    if (!consumer.partitionsFor(partition.topic(), timeout).isEmpty()) {
                        consumer.assign(List.of(partition));
                        consumer.seekToBeginning(List.of(partition));
                        return;
                    }
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    // the cluster is slow to answer: ask again
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits until every record in the topic as of now is applied to the state (none when it is missing). */
    void catchUp() {
        if (topicExists()) {
            awaitApplied(endOffset());
        }
    }

    /**
     * The topic's end offset. Retried until the timeout: just after the topic is created, a
     * cluster's nodes may not all know it yet.
     */
    private long endOffset() {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw RegistryException.store("Cannot read the end of " + partition.topic() + ": "
                            + e.getCause().getMessage());
                }
            } catch (TimeoutException e) {
                throw RegistryException.timeout("No answer from the cluster about " + partition.topic());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RegistryException.timeout("Interrupted while reading " + partition.topic());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RegistryException.timeout("Interrupted while reading " + partition.topic());
            }
        }
    }

    /** Writes the records in order and waits until this instance has applied them. */
    void append(List<Record> records) {
        createTopicIfMissing();
        long last = -1;
        try {
            for (Record record : records) {
                last = producer.send(new ProducerRecord<>(partition.topic(), 0, record.key(), record.value()))
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
            }
        } catch (ExecutionException e) {
            throw RegistryException.store("Cannot write to " + partition.topic() + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw RegistryException.timeout("Write to " + partition.topic() + " timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.timeout("Interrupted while writing to " + partition.topic());
        }
        awaitApplied(last + 1);
    }

    private synchronized void awaitApplied(long offset) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (applied < offset) {
            if (failure != null) {
                throw RegistryException.store("The registry cannot read " + partition.topic() + ": "
                        + failure.getMessage());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw RegistryException.timeout("Timed out waiting to read " + partition.topic() + " up to offset "
                        + offset);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RegistryException.timeout("Interrupted while reading " + partition.topic());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (follower.isAlive()) {
                follower.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }

    /** One record to write: key and value bytes (a null value is a tombstone). */
    record Record(byte[] key, byte[] value) {
    }
}
