package io.lanes.cli.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lanes.ops.records.ConsumedRecord;

import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * How {@code consume} prints a record, one line each:
 * <ul>
 *   <li>{@code TEXT}: {@code partition=P offset=O timestamp=ISO key=K headers=[n=v,...] value=V}
 *       ({@code key=null} when there is none);</li>
 *   <li>{@code JSON}: one object per line, {@code {"topic","partition","offset","timestamp"
 *       (ISO-8601),"timestampType","key","headers":[{"key","value"}],"value"}}.</li>
 * </ul>
 * Thread-safe.
 */
enum RecordFormat {
    TEXT {
        @Override
        String format(ConsumedRecord r) {
            String headers = r.headers().stream().map(h -> h.getKey() + "=" + h.getValue())
                    .collect(Collectors.joining(",", "[", "]"));
            return "partition=" + r.partition() + " offset=" + r.offset() + " timestamp=" + r.timestamp()
                    + " key=" + r.key() + " headers=" + headers + " value=" + r.value();
        }
    },
    JSON {
        @Override
        String format(ConsumedRecord r) {
            ObjectNode node = MAPPER.createObjectNode();
            node.put("topic", r.topic());
            node.put("partition", r.partition());
            node.put("offset", r.offset());
            node.put("timestamp", r.timestamp().toString());
            node.put("timestampType", r.timestampType());
            node.put("key", r.key());
            ArrayNode headers = node.putArray("headers");
            r.headers().forEach(h -> headers.addObject().put("key", h.getKey()).put("value", h.getValue()));
            node.put("value", r.value());
            try {
                return MAPPER.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private static final ObjectMapper MAPPER = new ObjectMapper();

    abstract String format(ConsumedRecord record);
}
