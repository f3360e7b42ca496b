package io.lanes.cli.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderEventsTest {

    @Test
    void shouldReadBackOrderAndSeqWhenEncoded() {
        // given
        String key = OrderEvents.key(123);
        String value = OrderEvents.value(123, 5, 9);

        // then
        assertThat(key).isEqualTo("ord-000123");
        assertThat(value).isEqualTo("{\"order\":\"ord-000123\",\"seq\":5,\"type\":\"ITEM_ADDED\"}");
        assertThat(OrderEvents.orderId(key)).isEqualTo(123);
        assertThat(OrderEvents.orderIdOfValue(value)).isEqualTo(123);
        assertThat(OrderEvents.seq(value)).isEqualTo(5);
    }

    @Test
    void shouldNameTheLifecycleWhenAnOrderHasFourEvents() {
        assertThat(OrderEvents.type(0, 4)).isEqualTo("ORDER_PLACED");
        assertThat(OrderEvents.type(1, 4)).isEqualTo("PAID");
        assertThat(OrderEvents.type(2, 4)).isEqualTo("SHIPPED");
        assertThat(OrderEvents.type(3, 4)).isEqualTo("DELIVERED");
        assertThat(OrderEvents.type(1, 6)).isEqualTo("ITEM_ADDED");
    }

    @Test
    void shouldReturnMinusOneWhenTheRecordIsNotAnOrderEvent() {
        assertThat(OrderEvents.orderId(null)).isEqualTo(-1);
        assertThat(OrderEvents.orderId("customer-7")).isEqualTo(-1);
        assertThat(OrderEvents.orderId("ord-")).isEqualTo(-1);
        assertThat(OrderEvents.orderId("ord-12x")).isEqualTo(-1);
        assertThat(OrderEvents.seq("{\"order\":\"ord-000001\"}")).isEqualTo(-1);
        assertThat(OrderEvents.orderIdOfValue("garbage")).isEqualTo(-1);
    }
}
