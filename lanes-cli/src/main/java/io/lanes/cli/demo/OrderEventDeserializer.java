package io.lanes.cli.demo;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an order event value strictly: UTF-8, exactly {@code {"order":"ord-NNNNNN","seq":N,"type":"TYPE"}}
 * with a known type. Anything else is rejected with a {@link SerializationException}, which the processor
 * treats as a poison pill (raw bytes to the dead letter). Stateless and thread-safe.
 */
final class OrderEventDeserializer implements Deserializer<OrderEvent> {
    private static final Pattern FORMAT = Pattern.compile(
            "\\{\"order\":\"(ord-\\d{1,9})\",\"seq\":(\\d{1,9}),\"type\":\"(ORDER_PLACED|ITEM_ADDED|PAID|SHIPPED|DELIVERED)\"}");

    @Override
    public OrderEvent deserialize(String topic, byte[] data) {
        if (data == null) {
            throw new SerializationException("an order event has a value, this one is null");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new SerializationException("not an order event: " + data.length + " bytes that are not UTF-8");
        }
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            throw new SerializationException("not an order event: " + abbreviate(text));
        }
        return new OrderEvent(OrderEvents.orderId(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                matcher.group(3));
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
