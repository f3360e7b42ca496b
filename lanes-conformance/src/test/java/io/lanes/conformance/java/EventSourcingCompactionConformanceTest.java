package io.lanes.conformance.java;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.producer;
import static io.lanes.conformance.java.Clients.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed article 001's event store: an event topic with time retention, a compacted state topic derived from it
 * (latest state per order, a tombstone for a cancelled order), and a new consumer that bootstraps the current
 * state from the compacted topic instead of replaying the events.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EventSourcingCompactionConformanceTest {

    @RegisterExtension
    static ConformanceBroker broker = ConformanceBroker.builder().brokerConfig("log.cleaner.backoff.ms", "100").build();

    private static final int ORDERS = 20;
    private static final List<String> LIFECYCLE = List.of("CREATED", "PAID", "PACKED", "SHIPPED", "DELIVERED");

    @Test
    void shouldBootstrapCurrentStateFromCompactedTopicWhenNewConsumerStarts() throws Exception {
        // given: the article's topics (segment.ms shortened so the cleaner runs within the test)
        String events = Clients.topicName("order-events");
        String state = Clients.topicName("order-state");
        try (Admin admin = admin(broker)) {
            createTopic(admin, events, 1, Map.of("retention.ms", "604800000"));
            createTopic(admin, state, 1, Map.of("cleanup.policy", "compact", "min.cleanable.dirty.ratio", "0.1",
                    "segment.ms", "100", "delete.retention.ms", "86400000"));
        }
        Map<String, String> expected = new TreeMap<>();
        try (KafkaProducer<String, String> producer = producer(broker, ProducerConfig.LINGER_MS_CONFIG, 0)) {
            for (String step : LIFECYCLE) {
                for (int order = 0; order < ORDERS; order++) {
                    String id = "order-" + order;
                    boolean cancelled = order % 7 == 3 && step.equals("SHIPPED");
                    String event = cancelled ? "CANCELLED" : step;
                    producer.send(new ProducerRecord<>(events, id, event)).get();
                }
                Thread.sleep(150);
            }
            // when: the state topic is derived from the events (latest state per order, tombstone when cancelled)
            Map<String, String> derived = new LinkedHashMap<>();
            for (ConsumerRecord<String, String> event : readAll(broker, events, 1)) {
                if (derived.containsKey(event.key()) && "CANCELLED".equals(derived.get(event.key()))) {
                    continue;
                }
                derived.put(event.key(), event.value());
                String value = event.value().equals("CANCELLED") ? null : event.value();
                producer.send(new ProducerRecord<>(state, event.key(), value)).get();
                if (event.offset() % ORDERS == ORDERS - 1) {
                    Thread.sleep(150);
                }
            }
            derived.forEach((id, s) -> {
                if (!s.equals("CANCELLED")) {
                    expected.put(id, s);
                }
            });
            // One more update after the last roll, so the derived states all sit in cleanable segments.
            Thread.sleep(150);
            producer.send(new ProducerRecord<>(state, "order-0", "DELIVERED")).get();
        }

        // then: a new consumer reads about one record per order and rebuilds the current state
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<ConsumerRecord<String, String>> bootstrap = readAll(broker, state, 1);
        while (bootstrap.size() > ORDERS + 1 && System.nanoTime() < deadline) {
            Thread.sleep(300);
            bootstrap = readAll(broker, state, 1);
        }
        Map<String, String> current = new TreeMap<>();
        for (ConsumerRecord<String, String> r : bootstrap) {
            if (r.value() == null) {
                current.remove(r.key());
            } else {
                current.put(r.key(), r.value());
            }
        }
        assertThat(bootstrap.size()).as("records a new consumer reads").isLessThanOrEqualTo(ORDERS + 1);
        assertThat(bootstrap).anyMatch(r -> r.value() == null);
        assertThat(current).isEqualTo(expected).hasSize(ORDERS - 3);
    }
}
