package io.lanes.conformance.differential;

import io.lanes.testkit.BrokerUnderTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.failureOf;
import static io.lanes.conformance.java.Clients.producer;
import static io.lanes.conformance.java.Clients.readAll;
import static io.lanes.conformance.java.Clients.topicName;

/**
 * Compacted topics as consumers see them once both brokers' cleaners ran: the same produce sequence (overwritten
 * keys, a tombstone, an aborted transaction) on a topic rolling every 100 ms with {@code min.cleanable.dirty.ratio}
 * 0.01 reads back as the same records at the same offsets. And a record without a key is refused alike.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CompactionDifferentialTest {

    @RegisterExtension
    static BothBrokers brokers = BothBrokers.builder().brokerConfig("log.cleaner.backoff.ms", "100").build();

    private static final int ROUNDS = 12;
    private static final int KEYS = 6;

    @Test
    void shouldReadSameRecordsAtSameOffsetsWhenBothBrokersCleaned() throws Exception {
        // given
        Scenario<List<String>> produceThenRead = broker -> {
            String topic = topicName("compacted");
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, 1, Map.of("cleanup.policy", "compact", "segment.ms", "100",
                        "min.cleanable.dirty.ratio", "0.01"));
            }
            produce(broker, topic);

            // when: wait until the cleaner left one record per key plus the active segment's
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            List<String> read = describe(readAll(broker, topic, 1));
            while (read.size() > KEYS + 1 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                read = describe(readAll(broker, topic, 1));
            }
            return read;
        };
        Observations<List<String>> observed = brokers.observe(produceThenRead);

        // then
        org.assertj.core.api.Assertions.assertThat(observed.kafka()).hasSize(KEYS + 1);
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldRefuseRecordWithoutKeyWhenTopicIsCompacted() throws Exception {
        // given
        Scenario<String> produceKeyless = broker -> {
            String topic = topicName("compacted");
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, 1, Map.of("cleanup.policy", "compact"));
            }
            try (KafkaProducer<String, String> producer = producer(broker, ProducerConfig.RETRIES_CONFIG, 0)) {
                // when
                Throwable failure = failureOf(() -> producer.send(new ProducerRecord<>(topic, 0, null, "no key")).get());
                return failure.getClass().getName() + ": " + failure.getMessage().replace(topic, "TOPIC");
            }
        };
        Observations<String> observed = brokers.observe(produceKeyless);

        // then
        observed.assertLanesMatchesKafka();
    }

    /**
     * Rounds of writes to every key, 150 ms apart so each round starts a segment; key k3 ends with a tombstone,
     * round 4 carries an aborted transaction, the last round writes one key (it stays in the active segment).
     */
    private static void produce(BrokerUnderTest broker, String topic) throws Exception {
        try (KafkaProducer<String, String> producer = producer(broker, ProducerConfig.LINGER_MS_CONFIG, 0)) {
            for (int round = 0; round < ROUNDS; round++) {
                for (int key = 0; key < KEYS; key++) {
                    String value = key == 3 && round >= 6 ? null : "r" + round;
                    if (key != 3 || round <= 6) {
                        producer.send(new ProducerRecord<>(topic, 0, "k" + key, value)).get();
                    }
                }
                if (round == 4) {
                    abortedTransaction(broker, topic);
                }
                Thread.sleep(150);
            }
            producer.send(new ProducerRecord<>(topic, 0, "k0", "last")).get();
        }
    }

    private static void abortedTransaction(BrokerUnderTest broker, String topic) throws Exception {
        try (KafkaProducer<String, String> txn = producer(broker, ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "txn-" + topic)) {
            txn.initTransactions();
            txn.beginTransaction();
            txn.send(new ProducerRecord<>(topic, 0, "k1", "aborted")).get();
            txn.abortTransaction();
        }
    }

    private static List<String> describe(List<ConsumerRecord<String, String>> records) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            out.add(r.offset() + " " + r.key() + "=" + r.value());
        }
        return out;
    }
}
