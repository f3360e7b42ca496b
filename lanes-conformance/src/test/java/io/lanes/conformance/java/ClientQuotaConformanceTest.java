package io.lanes.conformance.java;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.topicName;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Client quotas hold Java clients to their byte rates: a producer over its {@code producer_byte_rate} (512 KiB/s) and
 * a consumer over its {@code consumer_byte_rate} (1 MiB/s) move that many bytes per second, ±10%, measured over one
 * quota window. With the default {@code quota.window.num=11} samples of {@code quota.window.size.seconds=1} a new
 * client may take what the window allows, 10 s worth, at once and is then held until the window has passed; the rate
 * is measured as Kafka measures it, over the elapsed time padded to 10 whole samples, so the measurement ends midway
 * through the 11th second (before the first sample leaves the window). Clients without a quota on the same broker
 * are not throttled at all. Both throttled clients run at once to keep the test short; the producer's quota is the
 * lower so that it is exceeded even on a busy machine.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClientQuotaConformanceTest {

    private static final long PRODUCE_QUOTA = 524_288;
    private static final long FETCH_QUOTA = 1_048_576;
    /** Kafka's quota window is 10 full one-second samples and the one filling: half of the 11th second. */
    private static final Duration WINDOW = Duration.ofMillis(10_500);
    private static final int VALUE_BYTES = 2_000;
    private static final String THROTTLED_PRODUCER = "quota-producer";
    private static final String THROTTLED_CONSUMER = "quota-consumer";
    private static final String VALUE = "v".repeat(VALUE_BYTES);

    @RegisterExtension
    static ConformanceBroker broker = ConformanceBroker.create();

    @BeforeAll
    static void setQuotas() throws Exception {
        try (Admin admin = admin(broker)) {
            ClientQuotaEntity producer = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, THROTTLED_PRODUCER));
            ClientQuotaEntity consumer = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, THROTTLED_CONSUMER));
            admin.alterClientQuotas(List.of(
                    new ClientQuotaAlteration(producer, List.of(new ClientQuotaAlteration.Op("producer_byte_rate", (double) PRODUCE_QUOTA))),
                    new ClientQuotaAlteration(consumer, List.of(new ClientQuotaAlteration.Op("consumer_byte_rate", (double) FETCH_QUOTA)))))
                    .all().get(30, TimeUnit.SECONDS);
            // Apache Kafka applies quotas from its metadata log, a moment after the answer.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (admin.describeClientQuotas(ClientQuotaFilter.all()).entities().get().size() < 2
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
    }

    @Test
    void shouldHoldProducerAndConsumerToTheirQuotasWhenOverThemAndLeaveOthersUnthrottled() throws Exception {
        // given
        String throttledTopic = topicName("quota-produced");
        String sharedTopic = topicName("quota-consumed");
        try (Admin admin = admin(broker)) {
            Clients.createTopic(admin, throttledTopic, 1, Map.of());
            Clients.createTopic(admin, sharedTopic, 1, Map.of());
        }

        // when
        CompletableFuture<Measured> produced = CompletableFuture.supplyAsync(() -> produceFlatOut(throttledTopic));
        Measured freeProduced = produce(sharedTopic, "quota-free-producer", 14 * FETCH_QUOTA, PRODUCE_QUOTA);
        Measured freeConsumed = consume(sharedTopic, "quota-free-consumer", 14 * FETCH_QUOTA, null, FETCH_QUOTA);
        Measured consumed = consume(sharedTopic, THROTTLED_CONSUMER, Long.MAX_VALUE, WINDOW, FETCH_QUOTA);
        Measured producedThrottled = produced.get(60, TimeUnit.SECONDS);

        // then
        System.out.printf("client quotas: throttled producer %.3f MiB/s (%.3f of its quota, max throttle %.0f ms), "
                        + "throttled consumer %.3f MiB/s (%.3f of its quota, max throttle %.0f ms); "
                        + "unthrottled producer %.1f MiB/s, consumer %.1f MiB/s%n",
                producedThrottled.mibPerSecond(), producedThrottled.ofQuota(), producedThrottled.maxThrottleMs(),
                consumed.mibPerSecond(), consumed.ofQuota(), consumed.maxThrottleMs(),
                freeProduced.mibPerSecond(), freeConsumed.mibPerSecond());
        assertThat(producedThrottled.ofQuota()).as("throttled producer rate / quota").isBetween(0.9, 1.1);
        assertThat(producedThrottled.maxThrottleMs()).as("throttled producer's max throttle time").isPositive();
        assertThat(consumed.ofQuota()).as("throttled consumer rate / quota").isBetween(0.9, 1.1);
        assertThat(consumed.maxThrottleMs()).as("throttled consumer's max throttle time").isPositive();
        assertThat(freeProduced.maxThrottleMs()).as("unthrottled producer's max throttle time").isZero();
        assertThat(freeProduced.ofQuota()).as("unthrottled producer rate / throttled one's quota").isGreaterThan(1.5);
        assertThat(freeConsumed.maxThrottleMs()).as("unthrottled consumer's max throttle time").isZero();
        assertThat(freeConsumed.ofQuota()).as("unthrottled consumer rate / throttled one's quota").isGreaterThan(1.5);
    }

    /** Bytes moved over a time, the largest throttle time the client was told of, and the quota to compare with. */
    private record Measured(long bytes, long nanos, double maxThrottleMs, long quota) {
        double mibPerSecond() {
            return bytes / (nanos / 1e9) / 1_048_576.0;
        }

        double ofQuota() {
            return bytes / (nanos / 1e9) / quota;
        }
    }

    /** Sends as fast as the producer can for one window; counts the value bytes acknowledged within it. */
    private static Measured produceFlatOut(String topic) {
        AtomicLong acked = new AtomicLong();
        try (KafkaProducer<String, String> producer = Clients.producer(broker, "client.id", THROTTLED_PRODUCER,
                "linger.ms", 0, "batch.size", 16_384, "buffer.memory", 4 * 1_048_576L, "max.block.ms", 60_000)) {
            long start = System.nanoTime();
            long end = start + WINDOW.toNanos();
            while (System.nanoTime() < end) {
                producer.send(new ProducerRecord<>(topic, VALUE), (metadata, error) -> {
                    if (error == null && System.nanoTime() <= end) {
                        acked.addAndGet(VALUE_BYTES);
                    }
                });
            }
            double maxThrottle = metric(producer.metrics(), "produce-throttle-time-max");
            producer.close(Duration.ZERO);
            return new Measured(acked.get(), end - start, maxThrottle, PRODUCE_QUOTA);
        }
    }

    /** Sends {@code bytes} of values and waits for them; the rate from the first send to the last ack. */
    private static Measured produce(String topic, String clientId, long bytes, long quota) {
        try (KafkaProducer<String, String> producer = Clients.producer(broker, "client.id", clientId,
                "linger.ms", 5, "batch.size", 262_144)) {
            long start = System.nanoTime();
            for (long sent = 0; sent < bytes; sent += VALUE_BYTES) {
                producer.send(new ProducerRecord<>(topic, VALUE));
            }
            producer.flush();
            long nanos = System.nanoTime() - start;
            return new Measured(bytes, nanos, metric(producer.metrics(), "produce-throttle-time-max"), quota);
        }
    }

    /** Reads from the start until {@code bytes} of values came or {@code window} (when given) has passed. */
    private static Measured consume(String topic, String clientId, long bytes, Duration window, long quota) {
        try (KafkaConsumer<String, String> consumer = Clients.consumer(broker, "client.id", clientId,
                "max.partition.fetch.bytes", 131_072)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            long read = 0;
            long start = System.nanoTime();
            long end = window == null ? start + TimeUnit.SECONDS.toNanos(60) : start + window.toNanos();
            while (read < bytes && System.nanoTime() < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    read += record.value().length();
                }
            }
            long nanos = window == null ? System.nanoTime() - start : window.toNanos();
            return new Measured(read, nanos, metric(consumer.metrics(), "fetch-throttle-time-max"), quota);
        }
    }

    private static double metric(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .filter(v -> !Double.isNaN(v))
                .max().orElse(0);
    }
}
