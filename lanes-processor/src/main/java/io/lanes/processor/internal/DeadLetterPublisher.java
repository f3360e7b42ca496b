package io.lanes.processor.internal;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Sends records to retry and dead-letter topics, creating the topics first when missing. A send
 * that fails is retried with a doubling backoff (up to 30 s) for as long as the record is still
 * wanted (its partition still assigned, the processor open), and each failure is logged: the
 * record's key stays blocked meanwhile, so nothing is skipped silently.
 *
 * <p>Thread-safe: the producer is.
 */
public final class DeadLetterPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final Producer<byte[], byte[]> producer;
    private final TopicProvisioner provisioner;
    private final ScheduledExecutorService timer;

    public DeadLetterPublisher(Producer<byte[], byte[]> producer, TopicProvisioner provisioner, ScheduledExecutorService timer) {
        this.producer = producer;
        this.provisioner = provisioner;
        this.timer = timer;
    }

    /**
     * Sends a record; {@code onSent} runs once the broker acknowledged it, {@code onAbandoned} when
     * {@code wanted} turns false before that.
     *
     * @param sourceTopic the topic whose partition count a missing destination topic gets
     */
    public void publish(ProducerRecord<byte[], byte[]> record, String sourceTopic, BooleanSupplier wanted,
                        Runnable onSent, Runnable onAbandoned) {
        attempt(record, sourceTopic, wanted, onSent, onAbandoned, 1);
    }

    private void attempt(ProducerRecord<byte[], byte[]> record, String sourceTopic, BooleanSupplier wanted,
                         Runnable onSent, Runnable onAbandoned, int attempt) {
        if (!wanted.getAsBoolean()) {
            onAbandoned.run();
            return;
        }
        try {
            int partitions = provisioner.ensure(record.topic(), sourceTopic);
            ProducerRecord<byte[], byte[]> toSend = record;
            if (partitions >= 0 && record.partition() != null && record.partition() >= partitions) {
                // A destination with fewer partitions than the source (created by someone else): keep the
                // record rather than wait for a partition that does not exist; the key chooses one.
                LOG.warn("{} has {} partitions, fewer than {}: the record goes to the partition of its key",
                        record.topic(), partitions, record.partition() + 1);
                toSend = new ProducerRecord<>(record.topic(), null, record.timestamp(), record.key(), record.value(),
                        record.headers());
            }
            producer.send(toSend, (metadata, error) -> {
                if (error == null) {
                    onSent.run();
                } else {
                    retryLater(record, sourceTopic, wanted, onSent, onAbandoned, attempt, error);
                }
            });
        } catch (RuntimeException e) {
            retryLater(record, sourceTopic, wanted, onSent, onAbandoned, attempt, e);
        }
    }

    private void retryLater(ProducerRecord<byte[], byte[]> record, String sourceTopic, BooleanSupplier wanted,
                            Runnable onSent, Runnable onAbandoned, int attempt, Throwable error) {
        long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(20, attempt - 1));
        LOG.error("Cannot write the failed record to {} (attempt {}): {}; its key stays blocked, retrying in {} ms",
                record.topic(), attempt, error.toString(), backoff);
        try {
            timer.schedule(() -> attempt(record, sourceTopic, wanted, onSent, onAbandoned, attempt + 1),
                    backoff, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            onAbandoned.run();
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
        provisioner.close();
    }
}
