package io.lanes.processor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * Configures a {@link LanesProcessor}. Every option is checked when it is set or at
 * {@link #build()}, with a message naming the option. Not thread-safe; build once.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class LanesProcessorBuilder<K, V> {

    Map<String, Object> consumerConfig;
    List<String> topics = List.of();
    Ordering ordering = Ordering.KEY;
    int maxConcurrency = 16;
    RecordHandler<K, V> handler;
    OutputHandler<K, V, ?, ?> outputHandler;
    Serializer<?> outputKeySerializer;
    Serializer<?> outputValueSerializer;
    String transactionalId;
    Deserializer<K> keyDeserializer;
    Deserializer<V> valueDeserializer;
    ExecutorService executor;
    RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    List<Duration> retryTopicDelays = List.of();
    String deadLetterSuffix = "-dlt";
    boolean createMissingTopics = true;
    Map<String, Object> producerConfig = Map.of();
    int maxBufferedPerPartition = 1_000;
    int maxBufferedTotal = 10_000;
    /** Null until set: 1 s, or 100 ms with transactional output. */
    Duration commitInterval;
    Duration drainTimeout = Duration.ofSeconds(10);
    int offsetMetadataMaxBytes = 4096;
    MeterRegistry meterRegistry;

    LanesProcessorBuilder() {
    }

    /**
     * Any kafka-clients consumer configuration; {@code bootstrap.servers} and {@code group.id} are
     * required, {@code key.deserializer} and {@code value.deserializer} unless set with
     * {@link #keyDeserializer} / {@link #valueDeserializer}. {@code enable.auto.commit} must be
     * absent or false: the processor commits (it turns auto-commit off itself).
     */
    public LanesProcessorBuilder<K, V> consumerConfig(Map<String, Object> config) {
        this.consumerConfig = new HashMap<>(Objects.requireNonNull(config, "consumerConfig"));
        return this;
    }

    /** The topics to process (at least one). */
    public LanesProcessorBuilder<K, V> topics(String... topics) {
        Objects.requireNonNull(topics, "topics");
        this.topics = List.copyOf(new LinkedHashSet<>(Arrays.asList(topics)));
        return this;
    }

    /** Which records may run together; {@link Ordering#KEY} by default. */
    public LanesProcessorBuilder<K, V> ordering(Ordering ordering) {
        if (ordering == null) {
            throw new IllegalArgumentException("ordering must be KEY, PARTITION or UNORDERED, was null");
        }
        this.ordering = ordering;
        return this;
    }

    /** Records handled at once, at most; 16 by default. Also the size of the default worker pool. */
    public LanesProcessorBuilder<K, V> maxConcurrency(int maxConcurrency) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency);
        }
        this.maxConcurrency = maxConcurrency;
        return this;
    }

    /** The processing of one record; required. */
    public LanesProcessorBuilder<K, V> handler(RecordHandler<K, V> handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Exactly-once read-process-write, in place of {@link #handler}: the records the handler sends
     * to its {@link Output} (serialized with these serializers) and the consumed offsets that cover
     * the input records commit in one Kafka transaction, cut every {@link #commitInterval}, with
     * the ordering and concurrency of the other options. Requires {@link #transactionalId}. The
     * consumer reads with {@code isolation.level=read_committed} (set when absent).
     */
    public <KO, VO> LanesProcessorBuilder<K, V> outputHandler(Serializer<KO> keySerializer, Serializer<VO> valueSerializer,
                                                               OutputHandler<K, V, KO, VO> handler) {
        this.outputKeySerializer = Objects.requireNonNull(keySerializer, "outputHandler keySerializer");
        this.outputValueSerializer = Objects.requireNonNull(valueSerializer, "outputHandler valueSerializer");
        this.outputHandler = Objects.requireNonNull(handler, "outputHandler");
        return this;
    }

    /**
     * The producer's {@code transactional.id} for {@link #outputHandler}; required there. It must be
     * unique among running instances and stable across restarts of one instance (for example
     * {@code <application>-<instance number>}): a restarted instance then fences its predecessor
     * and aborts the transaction it left open, so a zombie cannot commit.
     */
    public LanesProcessorBuilder<K, V> transactionalId(String transactionalId) {
        if (transactionalId == null || transactionalId.isBlank()) {
            throw new IllegalArgumentException("transactionalId must not be null or blank");
        }
        this.transactionalId = transactionalId;
        return this;
    }

    /** The key deserializer, in place of the {@code key.deserializer} consumer config. */
    public LanesProcessorBuilder<K, V> keyDeserializer(Deserializer<K> deserializer) {
        this.keyDeserializer = Objects.requireNonNull(deserializer, "keyDeserializer");
        return this;
    }

    /** The value deserializer, in place of the {@code value.deserializer} consumer config. */
    public LanesProcessorBuilder<K, V> valueDeserializer(Deserializer<V> deserializer) {
        this.valueDeserializer = Objects.requireNonNull(deserializer, "valueDeserializer");
        return this;
    }

    /**
     * The executor handlers run on, for example one of virtual threads on Java 21+. The processor
     * never runs more than {@code maxConcurrency} tasks on it at once and does not shut it down.
     * Default: a pool of {@code maxConcurrency} platform threads owned by the processor.
     */
    public LanesProcessorBuilder<K, V> executor(ExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /** Retries in place; {@link RetryPolicy#DEFAULT} (3 attempts in all, 100 ms then 200 ms) by default. */
    public LanesProcessorBuilder<K, V> retryPolicy(RetryPolicy retryPolicy) {
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        return this;
    }

    /**
     * Sends records that still fail after the in-place retries through the retry topics
     * {@code <topic>-retry-0}, {@code <topic>-retry-1}, ... before the dead letter, each handling
     * a record no earlier than its delay after the failure. None by default (straight to the dead letter).
     */
    public LanesProcessorBuilder<K, V> retryTopics(Duration... delays) {
        List<Duration> list = new ArrayList<>();
        for (Duration delay : Objects.requireNonNull(delays, "retryTopics")) {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("retryTopics delays must not be null or negative: " + Arrays.toString(delays));
            }
            list.add(delay);
        }
        this.retryTopicDelays = List.copyOf(list);
        return this;
    }

    /** The suffix of dead-letter topics; {@code -dlt} by default ({@code <topic>-dlt}). */
    public LanesProcessorBuilder<K, V> deadLetterSuffix(String suffix) {
        if (suffix == null || suffix.isEmpty()) {
            throw new IllegalArgumentException("deadLetterSuffix must not be empty");
        }
        this.deadLetterSuffix = suffix;
        return this;
    }

    /** Whether missing retry and dead-letter topics are created; true by default. */
    public LanesProcessorBuilder<K, V> createMissingTopics(boolean create) {
        this.createMissingTopics = create;
        return this;
    }

    /**
     * Settings of the producer writing retry and dead-letter records, over those taken from the
     * consumer config (bootstrap servers, security, client DNS lookup).
     */
    public LanesProcessorBuilder<K, V> producerConfig(Map<String, Object> config) {
        this.producerConfig = Map.copyOf(Objects.requireNonNull(config, "producerConfig"));
        return this;
    }

    /** Records held per partition (not yet complete) before the partition is paused; 1000 by default. */
    public LanesProcessorBuilder<K, V> maxBufferedPerPartition(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxBufferedPerPartition must be at least 1, was " + max);
        }
        this.maxBufferedPerPartition = max;
        return this;
    }

    /** Records held in all (not yet complete) before every partition is paused; 10000 by default. */
    public LanesProcessorBuilder<K, V> maxBufferedTotal(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxBufferedTotal must be at least 1, was " + max);
        }
        this.maxBufferedTotal = max;
        return this;
    }

    /**
     * How often completed offsets are committed; 1 s by default. With {@link #outputHandler} it is
     * how often the transaction is cut, so how soon outputs become visible: 100 ms by default.
     */
    public LanesProcessorBuilder<K, V> commitInterval(Duration interval) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("commitInterval must be positive, was " + interval);
        }
        this.commitInterval = interval;
        return this;
    }

    /** How long a revoked partition's running handlers may take to finish before it is released; 10 s by default. */
    public LanesProcessorBuilder<K, V> drainTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative, was " + timeout);
        }
        this.drainTimeout = timeout;
        return this;
    }

    /**
     * The broker's {@code offset.metadata.max.bytes} (4096 by default, as Kafka's): the completed
     * offsets encoded in a commit never exceed it, and dispatch stops beyond the offsets it can describe.
     */
    public LanesProcessorBuilder<K, V> offsetMetadataMaxBytes(int max) {
        if (max < 16) {
            throw new IllegalArgumentException("offsetMetadataMaxBytes must be at least 16, was " + max);
        }
        this.offsetMetadataMaxBytes = max;
        return this;
    }

    /** Where the metrics go; a private {@code SimpleMeterRegistry} by default. */
    public LanesProcessorBuilder<K, V> meterRegistry(MeterRegistry registry) {
        this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
        return this;
    }

    /**
     * Checks the options and builds the processor (not started).
     *
     * @throws IllegalArgumentException for a missing or invalid option, naming it
     */
    public LanesProcessor<K, V> build() {
        if (consumerConfig == null) {
            throw new IllegalArgumentException("consumerConfig is required (at least bootstrap.servers and group.id)");
        }
        if (!consumerConfig.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("consumerConfig must set " + ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
        }
        Object groupId = consumerConfig.get(ConsumerConfig.GROUP_ID_CONFIG);
        if (groupId == null || groupId.toString().isBlank()) {
            throw new IllegalArgumentException("consumerConfig must set " + ConsumerConfig.GROUP_ID_CONFIG
                    + ": the processor commits offsets for a consumer group");
        }
        Object autoCommit = consumerConfig.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
        if (autoCommit != null && Boolean.parseBoolean(autoCommit.toString().trim())) {
            throw new IllegalArgumentException(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG + "=true is not supported: "
                    + "the processor commits only completed offsets itself; leave it unset or false");
        }
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("topics: at least one topic is required");
        }
        for (String topic : topics) {
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("topics must not contain a null or blank name: " + topics);
            }
        }
        if (handler == null && outputHandler == null) {
            throw new IllegalArgumentException("handler is required (or outputHandler for transactional output)");
        }
        if (handler != null && outputHandler != null) {
            throw new IllegalArgumentException("handler and outputHandler are exclusive: set one");
        }
        checkTransactionalOptions();
        if (commitInterval == null) {
            // as Kafka Streams: 100 ms under exactly-once, where outputs become visible only at a commit
            commitInterval = outputHandler != null ? Duration.ofMillis(100) : Duration.ofSeconds(1);
        }
        if (keyDeserializer == null) {
            keyDeserializer = deserializer(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, true);
        }
        if (valueDeserializer == null) {
            valueDeserializer = deserializer(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, false);
        }
        if (meterRegistry == null) {
            meterRegistry = new SimpleMeterRegistry();
        }
        return new LanesProcessor<>(this);
    }

    private void checkTransactionalOptions() {
        if (producerConfig.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
            throw new IllegalArgumentException("producerConfig must not set " + ProducerConfig.TRANSACTIONAL_ID_CONFIG
                    + ": use transactionalId(...) with outputHandler");
        }
        if (outputHandler == null) {
            if (transactionalId != null) {
                throw new IllegalArgumentException("transactionalId is only used with outputHandler (transactional output)");
            }
            return;
        }
        if (transactionalId == null) {
            throw new IllegalArgumentException("transactionalId is required with outputHandler: a stable id per "
                    + "processor instance, so a restarted instance fences its predecessor");
        }
        Object isolation = consumerConfig.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        if (isolation != null && !"read_committed".equalsIgnoreCase(isolation.toString().trim())) {
            throw new IllegalArgumentException(ConsumerConfig.ISOLATION_LEVEL_CONFIG + "=" + isolation
                    + " is not supported with outputHandler: exactly-once output reads committed input only; "
                    + "leave it unset or read_committed");
        }
    }

    @SuppressWarnings("unchecked")
    private <T> Deserializer<T> deserializer(String name, boolean isKey) {
        Object configured = consumerConfig.get(name);
        if (configured == null) {
            throw new IllegalArgumentException("consumerConfig must set " + name + " (or use the builder's "
                    + (isKey ? "keyDeserializer" : "valueDeserializer") + ")");
        }
        Deserializer<T> deserializer;
        try {
            if (configured instanceof Deserializer<?> instance) {
                deserializer = (Deserializer<T>) instance;
            } else if (configured instanceof Class<?> type) {
                deserializer = (Deserializer<T>) Utils.newInstance(type);
            } else {
                deserializer = Utils.newInstance(configured.toString().trim(), Deserializer.class);
            }
        } catch (ClassNotFoundException | RuntimeException e) {
            throw new IllegalArgumentException(name + ": cannot create a deserializer from " + configured + ": " + e, e);
        }
        deserializer.configure(consumerConfig, isKey);
        return deserializer;
    }
}
