package io.lanes.processor.internal;

import io.lanes.processor.Output;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@link Output} of one handler attempt: serializes each record at once (so a serialization
 * error fails the attempt) and keeps it until the attempt ends; nothing reaches a producer here.
 *
 * <p>Thread-safe (synchronized); closed when the attempt ends, after which sending throws.
 */
final class BufferedOutput implements Output<Object, Object> {

    private final Serializer<Object> keySerializer;
    private final Serializer<Object> valueSerializer;
    private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(2);
    private boolean closed;

    BufferedOutput(Serializer<Object> keySerializer, Serializer<Object> valueSerializer) {
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
    }

    @Override
    public void send(String topic, Object key, Object value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    @Override
    public synchronized void send(ProducerRecord<Object, Object> record) {
        Objects.requireNonNull(record, "record");
        if (closed) {
            throw new IllegalStateException("Output used after its handler call returned: send output records "
                    + "before the handler returns (" + record.topic() + ")");
        }
        byte[] key = keySerializer.serialize(record.topic(), record.headers(), record.key());
        byte[] value = valueSerializer.serialize(record.topic(), record.headers(), record.value());
        records.add(new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), key, value, record.headers()));
    }

    synchronized void close() {
        closed = true;
    }

    synchronized List<ProducerRecord<byte[], byte[]>> records() {
        return records;
    }
}
