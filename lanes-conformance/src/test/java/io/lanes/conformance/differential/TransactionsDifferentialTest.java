package io.lanes.conformance.differential;

import io.lanes.testkit.BrokerUnderTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;
import org.apache.kafka.common.requests.TxnOffsetCommitResponse;
import io.lanes.conformance.java.RawRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.eventually;
import static io.lanes.conformance.java.Clients.failureOf;
import static io.lanes.conformance.java.Clients.pollAtLeast;
import static io.lanes.conformance.java.Clients.producer;
import static io.lanes.conformance.java.Clients.topicName;

/**
 * Transactions observed through the official clients: which records read_committed and read_uncommitted
 * consumers see, where markers sit, the end offsets per isolation level, what DescribeProducers and
 * DescribeTransactions report for an open transaction, offsets committed in a transaction, and the broker
 * aborting a transaction past its timeout, and a consumer protocol group's offsets sent by topic id
 * (TxnOffsetCommit v6).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TransactionsDifferentialTest {

    @RegisterExtension
    static BothBrokers brokers = BothBrokers.builder()
            .brokerConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500")
            .build();

    @Test
    void shouldShowTheSameRecordsOffsetsAndStatesAroundCommittedAbortedAndOpenTransactions() throws Exception {
        // given
        Scenario<Map<String, Object>> scenario = broker -> {
            String topic = topicName("txn");
            Map<String, Object> seen = new LinkedHashMap<>();
            TopicPartition p0 = new TopicPartition(topic, 0);
            TopicPartition p1 = new TopicPartition(topic, 1);
            try (Admin admin = admin(broker);
                 KafkaProducer<String, String> txn = producer(broker, ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-txn",
                         ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
                 KafkaProducer<String, String> plain = producer(broker)) {
                createTopic(admin, topic, 2);
                seen.put("finalized transaction.version", admin.describeFeatures().featureMetadata().get()
                        .finalizedFeatures().get("transaction.version").maxVersionLevel());
                txn.initTransactions();
                txn.beginTransaction();
                txn.send(new ProducerRecord<>(topic, 0, "a", "committed-a"));
                txn.send(new ProducerRecord<>(topic, 1, "b", "committed-b"));
                txn.sendOffsetsToTransaction(Map.of(p1, new OffsetAndMetadata(7, "first")),
                        new ConsumerGroupMetadata(topic + "-group"));
                txn.commitTransaction();
                txn.beginTransaction();
                txn.send(new ProducerRecord<>(topic, 0, "a", "aborted-a"));
                txn.sendOffsetsToTransaction(Map.of(p1, new OffsetAndMetadata(9, "second")),
                        new ConsumerGroupMetadata(topic + "-group"));
                txn.flush();
                txn.abortTransaction();
                txn.beginTransaction();
                txn.send(new ProducerRecord<>(topic, 0, "a", "open-a")).get();
                plain.send(new ProducerRecord<>(topic, 0, "c", "plain-after-open")).get();

                seen.put("read_uncommitted while open", read(broker, topic, "read_uncommitted"));
                seen.put("read_committed while open", read(broker, topic, "read_committed"));
                seen.put("end offsets while open", endOffsets(admin, List.of(p0, p1)));
                seen.put("producer on p0 while open", producers(admin, p0));
                TransactionDescription open = admin.describeTransactions(Set.of(topic + "-txn"))
                        .description(topic + "-txn").get();
                seen.put("transaction while open", open.state() + " timeout=" + open.transactionTimeoutMs()
                        + " partitions=" + open.topicPartitions().stream().map(TopicPartition::partition).sorted().toList());
                seen.put("group offsets", admin.listConsumerGroupOffsets(topic + "-group")
                        .partitionsToOffsetAndMetadata().get().entrySet().stream()
                        .map(e -> e.getKey().partition() + "=" + e.getValue().offset() + "/" + e.getValue().metadata())
                        .toList());

                txn.commitTransaction();
                seen.put("read_committed after commit", read(broker, topic, "read_committed"));
                seen.put("end offsets after commit", endOffsets(admin, List.of(p0, p1)));
            }
            return seen;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(scenario);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldCommitConsumerGroupOffsetsByTopicIdInATransactionAndRefuseALeftMemberTheSameWay() throws Exception {
        // given: read-process-write with a consumer protocol (KIP-848) group
        Scenario<Map<String, Object>> scenario = broker -> {
            String in = topicName("txn-in");
            String out = topicName("txn-out");
            String group = in + "-group";
            TopicPartition input = new TopicPartition(in, 0);
            Map<String, Object> seen = new LinkedHashMap<>();
            try (Admin admin = admin(broker);
                 KafkaProducer<String, String> plain = producer(broker);
                 KafkaProducer<String, String> txn = producer(broker, ProducerConfig.TRANSACTIONAL_ID_CONFIG, out + "-txn")) {
                createTopic(admin, in, 1);
                createTopic(admin, out, 1);
                for (int i = 0; i < 3; i++) {
                    plain.send(new ProducerRecord<>(in, 0, "k" + i, "v" + i)).get();
                }
                txn.initTransactions();
                // The producer names topics by id in TxnOffsetCommit (v6) only when its metadata knows the ids
                // of all of them: ask for the input topic's metadata so it does.
                txn.partitionsFor(in);
                ConsumerGroupMetadata left;
                try (KafkaConsumer<String, String> consumer = io.lanes.conformance.java.Clients.consumer(broker,
                        ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)) {
                    consumer.subscribe(List.of(in));
                    List<ConsumerRecord<String, String>> polled = pollAtLeast(consumer, 3, Duration.ofSeconds(30));
                    seen.put("polled", polled.size());

                    // when: the records' results and the group's offsets in one transaction
                    txn.beginTransaction();
                    polled.forEach(r -> txn.send(new ProducerRecord<>(out, 0, r.key(), r.value().toUpperCase())));
                    txn.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(polled.size(), "done")),
                            consumer.groupMetadata());
                    txn.commitTransaction();
                    left = consumer.groupMetadata();
                    seen.put("member epoch after commit", left.generationId() > 0);
                }
                txn.beginTransaction();
                seen.put("offsets of a member that left", failureOf(() -> txn.sendOffsetsToTransaction(
                        Map.of(input, new OffsetAndMetadata(1)), left)).getClass().getSimpleName());
                txn.abortTransaction();

                // then
                seen.put("group offsets", admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                        .entrySet().stream()
                        .map(e -> e.getKey().partition() + "=" + e.getValue().offset() + "/" + e.getValue().metadata())
                        .toList());
                seen.put("read_committed output", read(broker, out, "read_committed"));
            }
            return seen;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(scenario);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldSortOutTopicsOfTxnOffsetCommitBeforeCheckingTheTransactionTheSameWay() throws Exception {
        // given: a producer id no coordinator assigned, topics named by id (v6) and by name (v5)
        Scenario<Map<String, Object>> scenario = broker -> {
            String topic = topicName("txn-ids");
            Map<String, Object> seen = new LinkedHashMap<>();
            try (Admin admin = admin(broker);
                 KafkaProducer<String, String> txn = producer(broker, ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic)) {
                createTopic(admin, topic, 1);
                // Both coordinators loaded before the raw requests (Kafka creates __consumer_offsets on first lookup)
                txn.initTransactions();
                admin.listConsumerGroupOffsets(topic + "-group").partitionsToOffsetAndMetadata().get();
                Uuid known = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
                Uuid unknown = Uuid.randomUuid();
                TxnOffsetCommitRequestData stranger = new TxnOffsetCommitRequestData().setTransactionalId(topic)
                        .setGroupId(topic + "-group").setProducerId(987_654_321L).setProducerEpoch((short) 0);

                // when
                seen.put("v6 unknown id only", txnOffsetCommit(broker, (short) 6, known, topic, stranger.duplicate().setTopics(
                        List.of(byId(unknown)))));
                seen.put("v6 known and unknown ids", txnOffsetCommit(broker, (short) 6, known, topic, stranger.duplicate().setTopics(
                        List.of(byId(known), byId(unknown)))));
                seen.put("v5 unknown name only", txnOffsetCommit(broker, (short) 5, known, topic, stranger.duplicate().setTopics(
                        List.of(byName("no-such-topic")))));
                seen.put("v5 known name", txnOffsetCommit(broker, (short) 5, known, topic, stranger.duplicate().setTopics(
                        List.of(byName(topic)))));
            }
            // then (compared below): which topics were answered, by name or id, with which error
            return seen;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(scenario);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldAbortTransactionPastItsTimeoutTheSameWay() throws Exception {
        // given
        Scenario<Map<String, Object>> scenario = broker -> {
            String topic = topicName("txn-timeout");
            Map<String, Object> seen = new LinkedHashMap<>();
            try (Admin admin = admin(broker);
                 KafkaProducer<String, String> txn = producer(broker, ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic,
                         ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 1_000)) {
                createTopic(admin, topic, 1);
                txn.initTransactions();
                txn.beginTransaction();
                txn.send(new ProducerRecord<>(topic, 0, "k", "abandoned")).get();
                seen.put("state after the timeout", eventually(
                        () -> admin.describeTransactions(Set.of(topic)).description(topic).get().state().toString(),
                        state -> state.equals("CompleteAbort")));
                seen.put("read_uncommitted", read(broker, topic, "read_uncommitted"));
                seen.put("read_committed", read(broker, topic, "read_committed"));
                seen.put("end offsets", endOffsets(admin, List.of(new TopicPartition(topic, 0))));
                // Transaction version 2: the abort bumped the epoch, so the commit reads as a retry that
                // contradicts the outcome (InvalidTxnStateException), not as a fenced producer.
                seen.put("commit afterwards", failureOf(txn::commitTransaction).getClass().getSimpleName());
            }
            return seen;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(scenario);

        // then
        observed.assertLanesMatchesKafka();
    }

    private static TxnOffsetCommitRequestTopic byId(Uuid id) {
        return new TxnOffsetCommitRequestTopic().setTopicId(id).setPartitions(List.of(
                new TxnOffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(1)));
    }

    private static TxnOffsetCommitRequestTopic byName(String name) {
        return new TxnOffsetCommitRequestTopic().setName(name).setPartitions(List.of(
                new TxnOffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(1)));
    }

    /**
     * One TxnOffsetCommit at {@code version}, sent raw: each answered topic as "name/id: errors", sorted, the id
     * shown as "known" (the topic's), "unknown" or "none" and the known topic's name as "topic" (names and ids
     * differ between brokers).
     */
    private static List<String> txnOffsetCommit(BrokerUnderTest broker, short version, Uuid known, String topic,
                                                TxnOffsetCommitRequestData request) throws Exception {
        TxnOffsetCommitResponse response;
        try (RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
            response = (TxnOffsetCommitResponse) connection.send(new TxnOffsetCommitRequest(request, version));
        }
        List<String> answered = new ArrayList<>();
        response.data().topics().forEach(t -> answered.add((topic.equals(t.name()) ? "topic" : t.name()) + "/"
                + (t.topicId().equals(known) ? "known" : t.topicId().equals(Uuid.ZERO_UUID) ? "none" : "unknown")
                + ": " + t.partitions().stream().map(p -> Errors.forCode(p.errorCode()).name()).toList()));
        answered.sort(null);
        return answered;
    }

    /** Every record a consumer with this isolation level reads from the start, as "p@offset key=value". */
    private static List<String> read(BrokerUnderTest broker, String topic, String isolation) throws Exception {
        try (KafkaConsumer<String, String> consumer = io.lanes.conformance.java.Clients.consumer(broker,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    records.add(r.partition() + "@" + r.offset() + " " + r.key() + "=" + r.value());
                }
            }
            records.sort(null);
            return records;
        }
    }

    /** Latest offsets for read_uncommitted (high watermark) and read_committed (last stable offset). */
    private static Map<String, Long> endOffsets(Admin admin, List<TopicPartition> partitions) throws Exception {
        Map<String, Long> ends = new TreeMap<>();
        for (IsolationLevel level : IsolationLevel.values()) {
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            admin.listOffsets(latest, new ListOffsetsOptions(level)).all().get()
                    .forEach((tp, info) -> ends.put(level + " p" + tp.partition(), info.offset()));
        }
        return ends;
    }

    /**
     * What DescribeProducers reports, without the producer id (assigned differently by each broker): under
     * transaction version 2 the epoch moves with every transaction and the last sequence restarts.
     */
    private static List<String> producers(Admin admin, TopicPartition tp) throws Exception {
        List<String> out = new ArrayList<>();
        for (ProducerState state : admin.describeProducers(List.of(tp)).partitionResult(tp).get().activeProducers()) {
            out.add("epoch=" + state.producerEpoch() + " lastSequence=" + state.lastSequence()
                    + " currentTransactionStartOffset=" + state.currentTransactionStartOffset()
                    + " coordinatorEpoch=" + state.coordinatorEpoch());
        }
        out.sort(null);
        return out;
    }
}
