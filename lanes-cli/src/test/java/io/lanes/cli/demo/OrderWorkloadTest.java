package io.lanes.cli.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderWorkloadTest {

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 7, 100, 799, 800, 1001, 60_000})
    void shouldGiveEachOrderItsEventsInSequenceWhenGenerated(int events) {
        // when
        OrderWorkload workload = OrderWorkload.generate(events, 42);

        // then
        assertThat(workload.size()).isEqualTo(events);
        Map<Integer, Integer> next = new HashMap<>();
        for (int i = 0; i < events; i++) {
            int expected = next.getOrDefault(workload.orderId(i), 0);
            assertThat(workload.seq(i)).isEqualTo(expected);
            next.put(workload.orderId(i), expected + 1);
        }
        next.forEach((order, count) -> {
            assertThat(count).isEqualTo(workload.eventsInOrder(order)).isGreaterThanOrEqualTo(4);
        });
        assertThat(next).hasSize(workload.orders());
    }

    @Test
    void shouldGiveTheBigOrdersThirtyPercentOfTheEventsZipfLike() {
        // when
        OrderWorkload workload = OrderWorkload.generate(60_000, 7);

        // then
        List<Integer> biggest = workload.biggestOrders(OrderWorkload.BIG_ORDERS + 1);
        long bigEvents = biggest.subList(0, OrderWorkload.BIG_ORDERS).stream()
                .mapToLong(workload::eventsInOrder).sum();
        assertThat(bigEvents).isEqualTo(18_000);
        assertThat(workload.eventsInOrder(biggest.get(0))).isBetween(6_600, 6_700);
        assertThat(workload.eventsInOrder(biggest.get(1))).isBetween(3_300, 3_350);
        assertThat(workload.eventsInOrder(biggest.get(OrderWorkload.BIG_ORDERS))).isEqualTo(4);
    }

    @Test
    void shouldProduceTheSameStreamWhenGivenTheSameSeed() {
        // when
        OrderWorkload first = OrderWorkload.generate(5_000, 99);
        OrderWorkload second = OrderWorkload.generate(5_000, 99);

        // then
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.key(i)).isEqualTo(first.key(i));
            assertThat(second.value(i)).isEqualTo(first.value(i));
        }
    }

    @Test
    void shouldPredictPartitionsAsTheDefaultPartitionerWhenCountingEventsPerPartition() {
        // given
        OrderWorkload workload = OrderWorkload.generate(2_000, 3);

        // when
        long[] perPartition = workload.eventsPerPartition(12);

        // then
        assertThat(perPartition).hasSize(12);
        assertThat(java.util.Arrays.stream(perPartition).sum()).isEqualTo(2_000);
        // murmur2 of the key bytes, positive, modulo the partition count: what Kafka clients do for keyed records
        byte[] key = OrderEvents.key(1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int expected = org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(key, 12);
        assertThat(OrderWorkload.partitionOf(1, 12)).isEqualTo(expected);
    }

    @Test
    void shouldRefuseFewerEventsThanOneOrderHas() {
        assertThatThrownBy(() -> OrderWorkload.generate(3, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
