package io.lanes.cli.demo;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderEventDeserializerTest {
    private final OrderEventDeserializer deserializer = new OrderEventDeserializer();

    @Test
    void shouldReadAnEventWhenTheValueIsInTheDemosFormat() {
        // given
        byte[] value = OrderEvents.value(123, 2, 6).getBytes(StandardCharsets.UTF_8);

        // when
        OrderEvent event = deserializer.deserialize("t", value);

        // then
        assertThat(event).isEqualTo(new OrderEvent(123, 2, "ITEM_ADDED"));
    }

    @Test
    void shouldRejectEveryKindOfMalformedValueTheStageInjects() {
        for (int kind = 0; kind < 5; kind++) {
            // given
            byte[] value = StageStream.malformedValue(kind, 42);

            // when / then
            assertThatThrownBy(() -> deserializer.deserialize("t", value)).as("kind %d", kind)
                    .isInstanceOf(SerializationException.class).hasMessageStartingWith("not an order event");
        }
    }
}
