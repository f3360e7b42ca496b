package io.lanes.processor.idempotent;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Ways to name an event for {@link IdempotentHandler}.
 *
 * <p>{@link #sourcePosition()} catches what at-least-once consumption repeats (a record consumed
 * again after a crash or rebalance); an id chosen by the producer ({@link #header}, or a
 * function of the value) also catches an event the producer sent twice.
 */
public final class EventIds {
    private EventIds() {
    }

    /** {@code <topic>-<partition>@<offset>}: the record's position in its topic. */
    public static <K, V> Function<ConsumerRecord<K, V>, String> sourcePosition() {
        return record -> record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /**
     * The UTF-8 value of the record's last header named {@code name}; a record without it fails
     * (a missing id is a bug of the producer, not a reason to skip or to process twice).
     */
    public static <K, V> Function<ConsumerRecord<K, V>, String> header(String name) {
        return record -> {
            Header header = record.headers().lastHeader(name);
            if (header == null || header.value() == null) {
                throw new IllegalArgumentException("Record " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + " has no header " + name + " to take its event id from");
            }
            return new String(header.value(), StandardCharsets.UTF_8);
        };
    }
}
