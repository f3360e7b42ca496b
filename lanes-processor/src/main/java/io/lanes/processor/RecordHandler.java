package io.lanes.processor;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The user's processing of one record. Returning normally completes the record; throwing is a
 * failure, which is retried and then dead-lettered as the {@link RetryPolicy} says.
 *
 * <p>Called from worker threads, concurrently for records the {@link Ordering} allows to run
 * together: an implementation must be thread-safe in that measure.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface RecordHandler<K, V> {

    /** Processes one record; throws to report a failure. */
    void handle(ConsumerRecord<K, V> record) throws Exception;
}
