package io.lanes.processor;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Where an {@link OutputHandler} sends the records it produces for one input record. The records
 * are serialized at once (a serialization error is a failure of the handler) and held until the
 * handler returns: only an attempt that returns normally has its records sent, in the order they
 * were given, in the same Kafka transaction as the consumed offset that covers the input record.
 * A failed attempt's records are dropped, so retries never duplicate output.
 *
 * <p>Valid only during the {@link OutputHandler#handle} call it was given to; sending afterwards
 * throws {@link IllegalStateException}. Thread-safe during the call.
 *
 * @param <K> the output key type
 * @param <V> the output value type
 */
public interface Output<K, V> {

    /** Sends {@code value} under {@code key} to {@code topic}; the producer's partitioner picks the partition. */
    void send(String topic, K key, V value);

    /** Sends a record with its partition, timestamp and headers as given (null partition: the partitioner picks). */
    void send(ProducerRecord<K, V> record);
}
