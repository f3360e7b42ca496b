package io.lanes.broker.handlers.txn;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Transactions end to end with the official Java producer, consumer and Admin. */
class TransactionsTest {
    private static final String TOPIC = "payments";

    @TempDir
    Path dataDir;

    private LanesBroker broker;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        start();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        closeClients();
        if (broker != null) {
            broker.close();
        }
    }

    private void start() throws Exception {
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "offsets.topic.num.partitions", "3",
                "transaction.state.log.num.partitions", "3",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "200",
                "group.initial.rebalance.delay.ms", "0",
                BrokerConfig.DURABILITY, durability())));
    }

    /** The broker's lanes.durability; a subclass runs every case again in page-cache mode. */
    String durability() {
        return "fsync";
    }

    private void closeClients() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        clients.clear();
    }

    @Test
    void shouldShowCommittedAndHideAbortedRecordsFromReadCommittedConsumer() {
        // given
        KafkaProducer<String, String> producer = transactionalProducer("txn-visibility", 60_000);
        producer.initTransactions();

        // when
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, "order-1", "committed-1"));
        producer.send(new ProducerRecord<>(TOPIC, "order-2", "committed-2"));
        producer.commitTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, "order-1", "aborted-1"));
        producer.flush();
        producer.abortTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, "order-3", "committed-3"));
        producer.commitTransaction();

        // then
        assertThat(readAll("read_committed", 3)).containsExactlyInAnyOrder("committed-1", "committed-2", "committed-3");
        assertThat(readAll("read_uncommitted", 4)).containsExactlyInAnyOrder("committed-1", "committed-2",
                "aborted-1", "committed-3");
    }

    @Test
    void shouldStoreEveryRecordIntactWhenTransactionsAddTheirPartitionsImplicitly() {
        // given: transaction version 2, so every transaction's first batch per partition waits for its addition
        KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "txn-implicit",
                ProducerConfig.LINGER_MS_CONFIG, 0));
        producer.initTransactions();
        List<String> sent = new ArrayList<>();

        // when: pipelined batches arrive while the additions are written
        for (int transaction = 0; transaction < 10; transaction++) {
            producer.beginTransaction();
            for (int i = 0; i < 100; i++) {
                String value = "transaction-" + transaction + "-record-" + i + "-" + "x".repeat(100);
                producer.send(new ProducerRecord<>(TOPIC, "key-" + i, value));
                sent.add(value);
            }
            producer.commitTransaction();
        }

        // then
        assertThat(readAll("read_committed", sent.size())).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void shouldHoldReadCommittedConsumerAtOpenTransaction() throws Exception {
        // given: an open transaction, then a plain record after it in the same partition
        KafkaProducer<String, String> txn = transactionalProducer("txn-open", 60_000);
        txn.initTransactions();
        txn.beginTransaction();
        txn.send(new ProducerRecord<>(TOPIC, 0, "k", "in-transaction")).get();
        KafkaProducer<String, String> plain = producer(Map.of());
        plain.send(new ProducerRecord<>(TOPIC, 0, "k", "after")).get();

        // then: read_committed stops at the open transaction
        try (Admin admin = admin()) {
            long committedEnd = admin.listOffsets(Map.of(new TopicPartition(TOPIC, 0), OffsetSpec.latest()),
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().get(new TopicPartition(TOPIC, 0))
                    .offset();
            assertThat(committedEnd).isZero();
        }
        assertThat(readAll("read_committed", 0)).isEmpty();

        // when
        txn.commitTransaction();

        // then
        assertThat(readAll("read_committed", 2)).containsExactly("in-transaction", "after");
    }

    @Test
    void shouldFenceOlderInstanceAndAbortItsTransaction() throws Exception {
        // given
        KafkaProducer<String, String> zombie = transactionalProducer("txn-zombie", 60_000);
        zombie.initTransactions();
        zombie.beginTransaction();
        zombie.send(new ProducerRecord<>(TOPIC, "k", "from-zombie")).get();

        // when: a new instance with the same transactional id starts
        KafkaProducer<String, String> fresh = transactionalProducer("txn-zombie", 60_000);
        fresh.initTransactions();
        fresh.beginTransaction();
        fresh.send(new ProducerRecord<>(TOPIC, "k", "from-new-instance"));
        fresh.commitTransaction();

        // then
        assertThatThrownBy(zombie::commitTransaction).isInstanceOf(ProducerFencedException.class);
        assertThat(readAll("read_committed", 1)).containsExactly("from-new-instance");
    }

    @Test
    void shouldCommitConsumerOffsetsOnlyWithTheTransaction() throws Exception {
        // given
        KafkaProducer<String, String> producer = transactionalProducer("txn-offsets", 60_000);
        producer.initTransactions();
        TopicPartition input = new TopicPartition(TOPIC, 1);
        ConsumerGroupMetadata group = new ConsumerGroupMetadata("billing");

        // when: one transaction commits offset 5, a second one tries 9 and aborts
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, 0, "k", "result"));
        producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(5, "state-5")), group);
        producer.commitTransaction();
        producer.beginTransaction();
        producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(9)), group);
        producer.abortTransaction();

        // then
        try (Admin admin = admin()) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets("billing").partitionsToOffsetAndMetadata()
                    .get().get(input);
            assertThat(committed.offset()).isEqualTo(5);
            assertThat(committed.metadata()).isEqualTo("state-5");
        }
    }

    @Test
    void shouldAbortTransactionPastItsTimeoutAndFenceTheProducer() throws Exception {
        // given
        KafkaProducer<String, String> producer = transactionalProducer("txn-timeout", 1_000);
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, "k", "abandoned")).get();

        // when: the transaction outlives transaction.timeout.ms
        try (Admin admin = admin()) {
            awaitState(admin, "txn-timeout", TransactionState.COMPLETE_ABORT);
        }

        // then
        assertThatThrownBy(producer::commitTransaction).isInstanceOf(KafkaException.class);
        assertThat(readAll("read_uncommitted", 1)).containsExactly("abandoned");
        assertThat(readAll("read_committed", 0)).isEmpty();
    }

    @Test
    void shouldListAndDescribeOpenTransactions() throws Exception {
        // given
        KafkaProducer<String, String> producer = transactionalProducer("txn-described", 30_000);
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, 1, "k", "v")).get();

        try (Admin admin = admin()) {
            // when
            List<TransactionListing> listed = new ArrayList<>(admin.listTransactions().all().get());
            TransactionDescription described = admin.describeTransactions(Set.of("txn-described"))
                    .description("txn-described").get();

            // then
            assertThat(listed).extracting(TransactionListing::transactionalId).contains("txn-described");
            assertThat(described.state()).isEqualTo(TransactionState.ONGOING);
            assertThat(described.transactionTimeoutMs()).isEqualTo(30_000);
            assertThat(described.topicPartitions()).containsExactly(new TopicPartition(TOPIC, 1));
            assertThat(described.transactionStartTimeMs()).isPresent();
        }
        producer.commitTransaction();
    }

    @Test
    void shouldAbortHangingTransactionWithAdminAbortTransaction() throws Exception {
        // given: an open transaction holding back read_committed readers of partition 0
        KafkaProducer<String, String> producer = transactionalProducer("txn-hanging", 60_000);
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, 0, "k", "hanging")).get();
        TopicPartition p0 = new TopicPartition(TOPIC, 0);

        try (Admin admin = admin()) {
            ProducerState state = admin.describeProducers(List.of(p0)).partitionResult(p0).get()
                    .activeProducers().get(0);

            // when: an operator aborts it on the partition (kafka-transactions.sh abort)
            admin.abortTransaction(new AbortTransactionSpec(p0, state.producerId(), (short) state.producerEpoch(),
                    state.coordinatorEpoch().orElse(-1))).all().get();

            // then: the partition is stable again and the record is aborted
            long stableEnd = admin.listOffsets(Map.of(p0, OffsetSpec.latest()),
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().get(p0).offset();
            assertThat(stableEnd).isEqualTo(2);
            assertThat(admin.describeProducers(List.of(p0)).partitionResult(p0).get().activeProducers().get(0)
                    .currentTransactionStartOffset()).isEmpty();
        }
        assertThat(readAll("read_uncommitted", 1)).containsExactly("hanging");
        assertThat(readAll("read_committed", 0)).isEmpty();
    }

    @Test
    void shouldCompleteOpenTransactionAfterBrokerRestart() throws Exception {
        // given: an open transaction when the broker stops
        KafkaProducer<String, String> producer = transactionalProducer("txn-restart", 60_000);
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, 0, "k", "before-restart")).get();
        int port = broker.port();
        broker.close();
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:" + port,
                "log.dirs", dataDir.toString(),
                "offsets.topic.num.partitions", "3",
                "transaction.state.log.num.partitions", "3")));

        // when
        producer.send(new ProducerRecord<>(TOPIC, 0, "k", "after-restart")).get();
        producer.commitTransaction();

        // then
        assertThat(readAll("read_committed", 2)).containsExactly("before-restart", "after-restart");
    }

    private void awaitState(Admin admin, String transactionalId, TransactionState state) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        TransactionState seen = null;
        while (System.currentTimeMillis() < deadline) {
            seen = admin.describeTransactions(Set.of(transactionalId)).description(transactionalId).get().state();
            if (seen == state) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("transaction " + transactionalId + " stayed " + seen + ", expected " + state);
    }

    /** Reads the topic from the start until {@code expected} values arrived (or 1 s passed for 0). */
    private List<String> readAll(String isolation, int expected) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + (expected == 0 ? 1_000 : 15_000);
            while (System.currentTimeMillis() < deadline && (expected == 0 || values.size() < expected)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private KafkaProducer<String, String> transactionalProducer(String transactionalId, int timeoutMs) {
        return producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, timeoutMs));
    }

    private KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        KafkaProducer<String, String> producer = new KafkaProducer<>(props);
        clients.add(producer);
        return producer;
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }
}
