package io.lanes.processor.internal;

import io.lanes.processor.RetryPolicy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Takes one released record through its life on a worker thread: wait for its retry-topic due
 * time, deserialize it with the user's deserializers, call the handler, and on failure schedule a
 * retry in place or forward it to the next retry topic or the dead-letter topic. A completed
 * record is reported to its {@link PartitionState}, which releases what it held back.
 *
 * <p>Waiting never blocks a thread: a retry or a due time is a task on the timer that submits
 * the record again. A record that failed to deserialize (a poison pill) goes to the dead letter
 * with its raw bytes at once.
 *
 * <p>Thread-safe: stateless apart from its collaborators; one record is worked on by one thread
 * at a time.
 */
public final class RecordRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RecordRunner.class);

    private final HandlerCall handler;
    private final CompletionGate gate;
    private final Deserializer<?> keyDeserializer;
    private final Deserializer<?> valueDeserializer;
    private final RetryPolicy retryPolicy;
    private final FailureRoutes routes;
    private final DeadLetterPublisher publisher;
    private final ScheduledExecutorService timer;
    private final ProcessorMetrics metrics;
    private final String groupId;
    private final ThreadLocal<List<WorkItem>> releasedScratch = ThreadLocal.withInitial(ArrayList::new);
    private volatile Dispatcher dispatcher;

    /**
     * @param gate how a successful attempt's outputs and completion are made one step
     *             ({@link CompletionGate#DIRECT} without transactions)
     */
    public RecordRunner(HandlerCall handler, CompletionGate gate, Deserializer<?> keyDeserializer,
                        Deserializer<?> valueDeserializer, RetryPolicy retryPolicy, FailureRoutes routes,
                        DeadLetterPublisher publisher, ScheduledExecutorService timer, ProcessorMetrics metrics,
                        String groupId) {
        this.handler = handler;
        this.gate = gate;
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
        this.retryPolicy = retryPolicy;
        this.routes = routes;
        this.publisher = publisher;
        this.timer = timer;
        this.metrics = metrics;
        this.groupId = groupId;
    }

    /** Set once, before the first record: the dispatcher and the runner refer to each other. */
    public void dispatcher(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** Works on one record; returns the record of the same lane to run next on this thread, or null. */
    public WorkItem run(WorkItem item) {
        PartitionState partition = item.partition;
        if (waitsForDueTime(item)) {
            return null;
        }
        if (!partition.beginRun()) {
            return null; // revoked: the new owner processes it
        }
        ConsumerRecord<Object, Object> record = item.record;
        if (record == null) {
            try {
                record = deserialize(item.raw);
                item.record = record;
            } catch (KeyDeserializationFailure e) {
                partition.endRun();
                forward(item, e.getCause(), true, false);
                return null;
            } catch (RuntimeException e) {
                partition.endRun();
                forward(item, e, false, false);
                return null;
            }
        }
        long start = System.nanoTime();
        Throwable failure = null;
        List<ProducerRecord<byte[], byte[]>> outputs = List.of();
        try {
            outputs = handler.call(record);
        } catch (VirtualMachineError e) {
            partition.endRun();
            throw e;
        } catch (Throwable e) {
            failure = e;
        }
        metrics.handlerTime(System.nanoTime() - start);
        if (failure == null) {
            metrics.processed(item.raw.topic());
            // completed before the run ends, so a release waiting for the partition to go idle commits this record
            WorkItem next;
            try {
                next = gate.complete(item, outputs, () -> complete(item));
            } finally {
                partition.endRun();
            }
            return next;
        }
        partition.endRun(); // a failed attempt's outputs are dropped with it
        return onFailure(item, failure);
    }

    private boolean waitsForDueTime(WorkItem item) {
        if (!routes.isRetryTopic(item.raw.topic())) {
            return false;
        }
        if (item.notBeforeMillis == 0) {
            item.notBeforeMillis = Math.max(1, FailureHeaders.backoffTimestamp(item.raw));
        }
        long wait = item.notBeforeMillis - System.currentTimeMillis();
        if (wait <= 0) {
            return false;
        }
        // The partition is paused by the poll thread meanwhile, so nothing piles up behind this record.
        item.partition.waitUntil(item.notBeforeMillis);
        schedule(item, wait);
        return true;
    }

    private WorkItem onFailure(WorkItem item, Throwable failure) {
        item.failedAttempts++;
        metrics.failed(item.raw.topic());
        boolean retryable = retryPolicy.isRetryable(failure);
        if (retryable && item.failedAttempts < retryPolicy.maxAttempts()) {
            long backoff = retryPolicy.backoffMillis(item.failedAttempts);
            LOG.debug("Handler failed on {} (attempt {}), retrying in {} ms: {}", item, item.failedAttempts, backoff, failure.toString());
            metrics.retried(item.raw.topic());
            schedule(item, backoff);
            return null;
        }
        forward(item, failure, false, retryable);
        return null;
    }

    /** Sends a record that failed for good to its next retry topic or the dead letter; completes it once written. */
    private void forward(WorkItem item, Throwable failure, boolean keyFailure, boolean retryable) {
        PartitionState partition = item.partition;
        if (!partition.beginRun()) {
            return;
        }
        FailureRoutes.Destination destination = routes.next(item.raw.topic(), retryable);
        long now = System.currentTimeMillis();
        Headers headers = routes.hasRetryTopics()
                ? FailureHeaders.retryHop(item.raw, failure, keyFailure, groupId, now + destination.delayMillis())
                : FailureHeaders.deadLetter(item.raw, failure, keyFailure, groupId);
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(destination.topic(), item.raw.partition(), null,
                item.raw.key(), item.raw.value(), headers);
        LOG.warn("{} failed for good ({}); writing it to {}", item, failure.toString(), destination.topic());
        publisher.publish(out, routes.mainTopicOf(item.raw.topic()), () -> !partition.isRevoked(),
                () -> {
                    partition.endRun();
                    if (destination.deadLetter()) {
                        metrics.deadLettered(item.raw.topic());
                    } else {
                        metrics.forwarded(item.raw.topic());
                    }
                    WorkItem next = complete(item);
                    if (next != null) {
                        dispatcher.submit(next);
                    }
                },
                partition::endRun);
    }

    private WorkItem complete(WorkItem item) {
        List<WorkItem> released = releasedScratch.get();
        WorkItem next = item.partition.complete(item, released);
        metrics.recordTime(System.nanoTime() - item.receivedNanos);
        if (!released.isEmpty()) {
            dispatcher.submitAll(released);
            released.clear();
        }
        return next;
    }

    private void schedule(WorkItem item, long delayMillis) {
        try {
            timer.schedule(() -> dispatcher.submit(item), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Not retrying {}: closing", item);
        }
    }

    private ConsumerRecord<Object, Object> deserialize(ConsumerRecord<byte[], byte[]> raw) {
        Object key;
        try {
            key = raw.key() == null ? null : keyDeserializer.deserialize(raw.topic(), raw.headers(), raw.key());
        } catch (RuntimeException e) {
            throw new KeyDeserializationFailure(e);
        }
        Object value = raw.value() == null ? null : valueDeserializer.deserialize(raw.topic(), raw.headers(), raw.value());
        return new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(), raw.timestampType(),
                raw.serializedKeySize(), raw.serializedValueSize(), key, value, raw.headers(), raw.leaderEpoch(),
                Optional.empty());
    }

    /** Marks a failure of the key deserializer, which is reported under the key-exception headers. */
    private static final class KeyDeserializationFailure extends RuntimeException {
        KeyDeserializationFailure(RuntimeException cause) {
            super(cause);
        }
    }
}
