package io.lanes.processor.internal;

import io.lanes.processor.OutputHandler;
import io.lanes.processor.RecordHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.util.List;

/**
 * One call of the user's handler for one attempt at a record, returning the serialized output
 * records the attempt produced (none for a plain {@link RecordHandler}).
 *
 * <p>Thread-safe: every call gets its own output buffer.
 */
@FunctionalInterface
public interface HandlerCall {

    /** Calls the handler; returns the outputs of this attempt (empty for none); throws what the handler threw. */
    List<ProducerRecord<byte[], byte[]>> call(ConsumerRecord<Object, Object> record) throws Exception;

    /** A handler without output. */
    @SuppressWarnings("unchecked")
    static HandlerCall of(RecordHandler<?, ?> handler) {
        RecordHandler<Object, Object> h = (RecordHandler<Object, Object>) handler;
        return record -> {
            h.handle(record);
            return List.of();
        };
    }

    /** A handler whose outputs are buffered per attempt, serialized with these serializers. */
    @SuppressWarnings("unchecked")
    static HandlerCall of(OutputHandler<?, ?, ?, ?> handler, Serializer<?> keySerializer, Serializer<?> valueSerializer) {
        OutputHandler<Object, Object, Object, Object> h = (OutputHandler<Object, Object, Object, Object>) handler;
        Serializer<Object> keys = (Serializer<Object>) keySerializer;
        Serializer<Object> values = (Serializer<Object>) valueSerializer;
        return record -> {
            BufferedOutput output = new BufferedOutput(keys, values);
            try {
                h.handle(record, output);
            } finally {
                output.close();
            }
            return output.records();
        };
    }
}
