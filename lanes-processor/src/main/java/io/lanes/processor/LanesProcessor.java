package io.lanes.processor;

import io.lanes.processor.internal.AssignedPartitions;
import io.lanes.processor.internal.CompletionGate;
import io.lanes.processor.internal.HandlerCall;
import io.lanes.processor.internal.OffsetCommitter;
import io.lanes.processor.internal.TransactionalCommitter;
import io.lanes.processor.internal.ConsumerOffsetCommitter;
import io.lanes.processor.internal.DeadLetterPublisher;
import io.lanes.processor.internal.Dispatcher;
import io.lanes.processor.internal.FailureRoutes;
import io.lanes.processor.internal.OffsetMetadataCodec;
import io.lanes.processor.internal.PartitionState;
import io.lanes.processor.internal.PollLoop;
import io.lanes.processor.internal.ProcessorMetrics;
import io.lanes.processor.internal.RecordRunner;
import io.lanes.processor.internal.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Processes the records of Kafka topics in parallel beyond the partition count while keeping
 * the order the {@link Ordering} asks for, on plain kafka-clients (so on Lanes or any Apache Kafka
 * cluster).
 *
 * <pre>{@code
 * LanesProcessor<String, String> processor = LanesProcessor.<String, String>builder()
 *         .consumerConfig(Map.of("bootstrap.servers", servers, "group.id", "orders",
 *                 "key.deserializer", StringDeserializer.class, "value.deserializer", StringDeserializer.class))
 *         .topics("orders")
 *         .ordering(Ordering.KEY)
 *         .maxConcurrency(64)
 *         .handler(record -> store.save(record.value()))
 *         .build();
 * processor.start();
 * ...
 * processor.close(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>One poll thread owns the consumer; handlers run on the worker executor, at most
 * {@code maxConcurrency} at once. The committed offset of a partition is its first incomplete
 * offset, and the offsets completed above it travel in the commit metadata (see
 * {@link OffsetMetadataCodec}), so after a rebalance or a crash only records that were in flight or
 * completed since the last commit are processed again. Failed records are retried in place (their
 * key blocked), then go through the retry topics, if any, to the dead-letter topic, with Spring
 * Kafka's headers. With {@link LanesProcessorBuilder#outputHandler} the handler's output records and
 * the consumed offsets commit in one Kafka transaction (exactly-once read-process-write). See
 * {@link LanesProcessorBuilder} for every option.
 *
 * <p>Thread-safe: {@link #start()} and {@link #close(Duration)} may be called from any thread.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class LanesProcessor<K, V> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LanesProcessor.class);
    private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final LanesProcessorBuilder<K, V> options;
    private final String groupId;
    private State state = State.NEW;
    private Thread pollThread;
    private PollLoop pollLoop;
    private ExecutorService ownedExecutor;
    private ScheduledThreadPoolExecutor timer;
    private DeadLetterPublisher publisher;
    private OffsetCommitter committer;

    private enum State { NEW, RUNNING, CLOSED }

    LanesProcessor(LanesProcessorBuilder<K, V> options) {
        this.options = options;
        this.groupId = options.consumerConfig.get(ConsumerConfig.GROUP_ID_CONFIG).toString();
    }

    /** A builder of a processor of keys {@code K} and values {@code V}. */
    public static <K, V> LanesProcessorBuilder<K, V> builder() {
        return new LanesProcessorBuilder<>();
    }

    /**
     * Subscribes and starts processing in the background.
     *
     * @throws IllegalStateException when already started or closed
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("start: the processor was already " + (state == State.RUNNING ? "started" : "closed"));
        }
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig());
        Map<String, Object> clientConfig = clientConfig();
        FailureRoutes routes = new FailureRoutes(options.topics, options.retryTopicDelays, options.deadLetterSuffix);
        TopicProvisioner provisioner = new TopicProvisioner(Admin.create(clientConfig), options.createMissingTopics, 30_000);
        timer = new ScheduledThreadPoolExecutor(1, threads("lanes-processor-timer-" + groupId));
        timer.setRemoveOnCancelPolicy(true);
        publisher = new DeadLetterPublisher(new KafkaProducer<>(producerConfig(clientConfig)), provisioner, timer);
        ExecutorService executor = options.executor;
        if (executor == null) {
            ownedExecutor = Executors.newFixedThreadPool(options.maxConcurrency, threads("lanes-processor-worker-" + groupId));
            executor = ownedExecutor;
        }
        ProcessorMetrics metrics = new ProcessorMetrics(options.meterRegistry, groupId);
        HandlerCall call;
        CompletionGate gate;
        if (options.outputHandler != null) {
            TransactionalCommitter transactional = new TransactionalCommitter(
                    new KafkaProducer<>(transactionalProducerConfig(clientConfig)), consumer, options.transactionalId);
            committer = transactional;
            gate = transactional;
            call = HandlerCall.of(options.outputHandler, options.outputKeySerializer, options.outputValueSerializer);
        } else {
            committer = new ConsumerOffsetCommitter(consumer);
            gate = CompletionGate.DIRECT;
            call = HandlerCall.of(options.handler);
        }
        RecordRunner runner = new RecordRunner(call, gate, options.keyDeserializer, options.valueDeserializer,
                options.retryPolicy, routes, publisher, timer, metrics, groupId);
        Dispatcher dispatcher = new Dispatcher(executor, options.maxConcurrency, runner::run);
        runner.dispatcher(dispatcher);
        PartitionState.LaneMode mainMode = switch (options.ordering) {
            case KEY -> PartitionState.LaneMode.KEY;
            case PARTITION -> PartitionState.LaneMode.PARTITION;
            case UNORDERED -> PartitionState.LaneMode.UNORDERED;
        };
        // A retry topic is worked in order per partition: its records become due in that order.
        AssignedPartitions partitions = new AssignedPartitions(consumer,
                (TopicPartition tp) -> routes.isRetryTopic(tp.topic()) ? PartitionState.LaneMode.PARTITION : mainMode,
                OffsetMetadataCodec.maxSpan(options.offsetMetadataMaxBytes),
                options.maxBufferedPerPartition, options.maxBufferedTotal);
        metrics.gauges(dispatcher::active, partitions::bufferedTotal, partitions::pausedCount);
        List<String> subscription = new ArrayList<>(options.topics);
        if (routes.hasRetryTopics()) {
            for (String topic : options.topics) {
                for (String retryTopic : routes.retryTopicsOf(topic)) {
                    createEarly(provisioner, retryTopic, topic);
                }
            }
            subscription.addAll(routes.allRetryTopics());
        }
        pollLoop = new PollLoop(consumer, subscription, partitions, dispatcher, committer,
                metrics, options.commitInterval.toMillis(), options.drainTimeout.toMillis());
        pollThread = new Thread(pollLoop, "lanes-processor-poll-" + groupId);
        pollThread.start();
        state = State.RUNNING;
        LOG.info("Processor of group {} started on {} ({} ordering, max concurrency {}{})", groupId, subscription,
                options.ordering, options.maxConcurrency,
                options.transactionalId == null ? "" : ", transactional output as " + options.transactionalId);
    }

    /** Whether the processor is started, not closed, and its poll loop has not stopped on an error. */
    public synchronized boolean isRunning() {
        return state == State.RUNNING && pollThread.isAlive();
    }

    /** Closes with a timeout of 30 s; see {@link #close(Duration)}. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Stops taking records, lets running handlers finish, commits exactly what completed and
     * closes the clients, all within {@code timeout}. Records not complete by then are processed
     * again by the next owner of their partition. Idempotent.
     */
    public synchronized void close(Duration timeout) {
        if (state != State.RUNNING) {
            state = State.CLOSED;
            return;
        }
        state = State.CLOSED;
        long deadline = System.nanoTime() + timeout.toNanos();
        pollLoop.close(deadline);
        try {
            pollThread.join(Math.max(1, timeout.toMillis()));
            if (pollThread.isAlive()) {
                LOG.warn("The poll thread of group {} did not stop within {}", groupId, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
            try {
                if (!ownedExecutor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    ownedExecutor.shutdownNow();
                }
            } catch (InterruptedException e) {
                ownedExecutor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        publisher.close();
        committer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        options.keyDeserializer.close();
        options.valueDeserializer.close();
        LOG.info("Processor of group {} closed", groupId);
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(options.consumerConfig);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (options.outputHandler != null) {
            // exactly-once output reads committed input only (the builder refuses read_uncommitted)
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        return config;
    }

    /** The connection settings shared by the producer and the admin client: servers, security, DNS lookup. */
    private Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        options.consumerConfig.forEach((key, value) -> {
            if (key.equals(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) || key.equals("client.dns.lookup")
                    || key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                config.put(key, value);
            }
        });
        return config;
    }

    private Map<String, Object> producerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "lanes-processor-" + groupId + "-dlt");
        config.putAll(options.producerConfig);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** The producer of outputs: transactional, idempotent, the user's producer settings over ours. */
    private Map<String, Object> transactionalProducerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "lanes-processor-" + groupId + "-txn");
        config.putAll(options.producerConfig);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, options.transactionalId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    private static void createEarly(TopicProvisioner provisioner, String topic, String source) {
        try {
            provisioner.ensure(topic, source);
        } catch (IllegalStateException e) {
            LOG.warn("Retry topic {} not created yet ({}); it will be when first needed", topic, e.getMessage());
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
