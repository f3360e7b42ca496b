package io.lanes.conformance.java;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.producer;
import static io.lanes.conformance.java.Clients.topicName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lanes' key-ordered share groups ({@code lanes.share.ordering=key}) with the unmodified {@code KafkaShareConsumer}:
 * three consumers on one partition, a skewed key distribution (one hot key), random processing delays and
 * releases. No record of a key reaches a consumer while another record of that key is being processed, and each
 * key's records are accepted once each, in offset order. Lanes only (Apache Kafka has no key order for share
 * groups).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KeyOrderedShareGroupTest {
    @RegisterExtension
    static ConformanceBroker broker = ConformanceBroker.builder()
            .brokerConfig("lanes.share.groups.enable", "true")
            .brokerConfig("group.share.heartbeat.interval.ms", "500")
            .build();

    private static KafkaShareConsumer<String, String> shareConsumer(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put("share.acknowledgement.mode", "explicit");
        return new KafkaShareConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    @Test
    void shouldDeliverEachKeyInOffsetOrderOneAtATimeWhenOrderingIsKey() throws Exception {
        // given
        String topic = topicName("share-keyed");
        String group = topic + "-group";
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1);
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), List.of(
                    new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("lanes.share.ordering", "key"), AlterConfigOp.OpType.SET))))
                    .all().get();
        }
        int count = 120;
        Map<String, List<Long>> offsetsOfKey = new HashMap<>();
        try (KafkaProducer<String, String> producer = producer(broker)) {
            Random random = new Random(13);
            for (int i = 0; i < count; i++) {
                int pick = random.nextInt(10);
                String key = pick < 6 ? "hot" : "cold-" + pick;
                long offset = producer.send(new ProducerRecord<>(topic, key, "v" + i)).get().offset();
                offsetsOfKey.computeIfAbsent(key, k -> new ArrayList<>()).add(offset);
            }
        }
        Map<String, String> processing = new ConcurrentHashMap<>();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        Map<String, List<Long>> acceptedOfKey = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);

        // when
        List<Future<?>> consumers = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            String name = "c" + c;
            Random random = new Random(c);
            consumers.add(pool.submit(() -> {
                try (KafkaShareConsumer<String, String> consumer = shareConsumer(group)) {
                    consumer.subscribe(List.of(topic));
                    while (!stop.get()) {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                            String other = processing.putIfAbsent(r.key(), name + "@" + r.offset());
                            if (other != null) {
                                violations.add(r.key() + "@" + r.offset() + " to " + name + " while " + other);
                            }
                            Thread.sleep(random.nextInt(15));
                            boolean release = random.nextInt(10) == 0;
                            if (!release) {
                                acceptedOfKey.computeIfAbsent(r.key(), k -> Collections.synchronizedList(
                                        new ArrayList<>())).add(r.offset());
                            }
                            processing.remove(r.key());
                            consumer.acknowledge(r, release ? AcknowledgeType.RELEASE : AcknowledgeType.ACCEPT);
                        }
                        consumer.commitSync();
                    }
                }
                return null;
            }));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (acceptedOfKey.values().stream().mapToInt(List::size).sum() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        stop.set(true);
        try {
            for (Future<?> f : consumers) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // then
        assertThat(violations).isEmpty();
        assertThat(acceptedOfKey).isEqualTo(offsetsOfKey);
    }
}
