package io.lanes.conformance.java;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * The unmodified {@code KafkaShareConsumer} (KIP-932 share groups): implicit and explicit acknowledgement, release
 * and redelivery, acquisition lock timeout, several consumers reading one partition, the dead-letter queue
 * (KIP-1191) and {@code share.isolation.level=read_committed}. A share group starts at the latest offset, so each
 * scenario first warms the group up (it produces until the consumer gets a record, then produces the records the
 * scenario counts) or sets {@code share.auto.offset.reset=earliest}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ShareConsumerConformanceTest {
    private static final long LOCK_MS = 2_000;

    @RegisterExtension
    static ConformanceBroker broker = ConformanceBroker.builder()
            .brokerConfig("group.share.heartbeat.interval.ms", "500")
            .brokerConfig("group.share.record.lock.duration.ms", String.valueOf(LOCK_MS))
            .brokerConfig("group.share.delivery.count.limit", "3")
            // Apache Kafka's lower bounds, so the same settings start it (Lanes has none)
            .brokerConfig("group.share.min.heartbeat.interval.ms", "500")
            .brokerConfig("group.share.min.record.lock.duration.ms", "1000")
            // KIP-1191: a group's missing dead-letter topic is created (off by default)
            .brokerConfig("errors.deadletterqueue.auto.create.topics.enable", "true")
            .build();

    /**
     * Apache Kafka serves share groups once the share.version feature is finalized (4.4 finalizes it at 2 by
     * default, 4.1 does not; Lanes serves them and finalizes 2 by default).
     */
    @BeforeAll
    static void enableShareGroups() throws Exception {
        if (ConformanceBroker.againstApacheKafka()) {
            try (Admin admin = admin(broker)) {
                var finalized = admin.describeFeatures().featureMetadata().get().finalizedFeatures().get("share.version");
                if (finalized != null && finalized.maxVersionLevel() >= 2) {
                    return;
                }
                // level 2: the dead-letter queue scenarios need it
                admin.updateFeatures(Map.of("share.version",
                        new FeatureUpdate((short) 2, FeatureUpdate.UpgradeType.UPGRADE)),
                        new UpdateFeaturesOptions()).all().get();
            }
        }
    }

    private static KafkaShareConsumer<String, String> shareConsumer(String group, Object... overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        for (int i = 0; i < overrides.length; i += 2) {
            config.put((String) overrides[i], overrides[i + 1]);
        }
        return new KafkaShareConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static String topic(String hint, int partitions) throws Exception {
        String topic = topicName(hint);
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, partitions);
        }
        return topic;
    }

    /** Produces warm-up records until the consumer receives one (so its share-partition exists), acknowledging them. */
    private static void warmUp(KafkaShareConsumer<String, String> consumer, KafkaProducer<String, String> producer,
                               String topic, boolean explicit) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            producer.send(new ProducerRecord<>(topic, "warm-up", "warm-up")).get();
            var records = consumer.poll(Duration.ofMillis(300));
            if (!records.isEmpty()) {
                if (explicit) {
                    records.forEach(r -> consumer.acknowledge(r, AcknowledgeType.ACCEPT));
                }
                consumer.commitSync();
                return;
            }
        }
        throw new AssertionError("the share consumer got no record");
    }

    private static List<String> produce(KafkaProducer<String, String> producer, String topic, int count)
            throws Exception {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add("v" + i);
            producer.send(new ProducerRecord<>(topic, "k" + (i % 3), "v" + i));
        }
        producer.flush();
        return values;
    }

    /** Polls (acknowledging implicitly) until {@code count} non-warm-up records arrived or 30 s passed. */
    private static List<ConsumerRecord<String, String>> pollValues(KafkaShareConsumer<String, String> consumer,
                                                                   int count) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (!r.value().equals("warm-up")) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    @Test
    void shouldConsumeAndAcknowledgeImplicitlyWhenPolling() throws Exception {
        // given
        String topic = topic("share-implicit", 1);
        String group = topic + "-group";
        List<ConsumerRecord<String, String>> first;
        List<ConsumerRecord<String, String>> afterRestart;
        try (KafkaProducer<String, String> producer = producer(broker)) {
            try (KafkaShareConsumer<String, String> consumer = shareConsumer(group)) {
                consumer.subscribe(List.of(topic));
                warmUp(consumer, producer, topic, false);
                List<String> sent = produce(producer, topic, 20);

                // when
                first = pollValues(consumer, sent.size());
                consumer.commitSync();
            }
            producer.send(new ProducerRecord<>(topic, "k", "after")).get();
            try (KafkaShareConsumer<String, String> consumer = shareConsumer(group)) {
                consumer.subscribe(List.of(topic));
                afterRestart = pollValues(consumer, 1);
            }
        }

        // then: every record once, first delivery; a new consumer of the group gets only the later record
        assertThat(first).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8",
                        "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19"));
        assertThat(first).extracting(ConsumerRecord::deliveryCount).containsOnly(Optional.of((short) 1));
        assertThat(afterRestart).extracting(ConsumerRecord::value).containsExactly("after");
    }

    @Test
    void shouldRedeliverAReleasedRecordWhenAcknowledgingExplicitly() throws Exception {
        // given
        String topic = topic("share-release", 1);
        String group = topic + "-group";
        List<ConsumerRecord<String, String>> redelivered = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(broker);
             KafkaShareConsumer<String, String> consumer = shareConsumer(group,
                     "share.acknowledgement.mode", "explicit")) {
            consumer.subscribe(List.of(topic));
            warmUp(consumer, producer, topic, true);
            produce(producer, topic, 1);
            List<ConsumerRecord<String, String>> delivered = pollExplicit(consumer, AcknowledgeType.RELEASE);

            // when
            redelivered.addAll(pollExplicit(consumer, AcknowledgeType.ACCEPT));
            List<ConsumerRecord<String, String>> afterAccept = pollExplicitFor(consumer, Duration.ofSeconds(1));

            // then
            assertThat(delivered).extracting(ConsumerRecord::value).containsExactly("v0");
            assertThat(afterAccept).isEmpty();
        }
        assertThat(redelivered).extracting(ConsumerRecord::value).containsExactly("v0");
        assertThat(redelivered).extracting(ConsumerRecord::deliveryCount).containsExactly(Optional.of((short) 2));
    }

    /** Polls until a non-warm-up record arrives; acknowledges every record received with {@code type}. */
    private static List<ConsumerRecord<String, String>> pollExplicit(KafkaShareConsumer<String, String> consumer,
                                                                     AcknowledgeType type) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        while (out.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                consumer.acknowledge(r, r.value().equals("warm-up") ? AcknowledgeType.ACCEPT : type);
                if (!r.value().equals("warm-up")) {
                    out.add(r);
                }
            }
        }
        consumer.commitSync();
        return out;
    }

    private static List<ConsumerRecord<String, String>> pollExplicitFor(KafkaShareConsumer<String, String> consumer,
                                                                        Duration duration) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                consumer.acknowledge(r, AcknowledgeType.ACCEPT);
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void shouldRedeliverToAnotherConsumerWhenTheLockTimesOut() throws Exception {
        // given: a consumer acquires a record and never acknowledges it
        String topic = topic("share-lock", 1);
        String group = topic + "-group";
        try (KafkaProducer<String, String> producer = producer(broker);
             KafkaShareConsumer<String, String> stuck = shareConsumer(group, "share.acknowledgement.mode", "explicit");
             KafkaShareConsumer<String, String> other = shareConsumer(group)) {
            stuck.subscribe(List.of(topic));
            warmUp(stuck, producer, topic, true);
            produce(producer, topic, 1);
            List<ConsumerRecord<String, String>> held = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (held.isEmpty() && System.nanoTime() < deadline) {
                stuck.poll(Duration.ofMillis(200)).forEach(held::add);
            }
            long acquiredAt = System.nanoTime();

            // when
            other.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> redelivered = pollValues(other, 1);
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acquiredAt);

            // then
            assertThat(held).extracting(ConsumerRecord::value).containsExactly("v0");
            assertThat(redelivered).extracting(ConsumerRecord::value).containsExactly("v0");
            // at least the second delivery: a share fetch the stuck consumer still has open may take the record
            // once more when its first lock expires (seen once in several runs), and hold it for another lock
            assertThat(redelivered.get(0).deliveryCount()).hasValueSatisfying(count ->
                    assertThat(count).isGreaterThanOrEqualTo((short) 2));
            assertThat(waitedMs).isGreaterThanOrEqualTo(LOCK_MS - 200);
        }
    }

    @Test
    void shouldKeepTheLockWhenTheConsumerRenewsIt() throws Exception {
        // given: a consumer holds a record and another consumer of the group waits for records
        String topic = topic("share-renew", 1);
        String group = topic + "-group";
        try (KafkaProducer<String, String> producer = producer(broker);
             KafkaShareConsumer<String, String> holder = shareConsumer(group, "share.acknowledgement.mode", "explicit");
             KafkaShareConsumer<String, String> other = shareConsumer(group)) {
            holder.subscribe(List.of(topic));
            warmUp(holder, producer, topic, true);
            produce(producer, topic, 1);
            ConsumerRecord<String, String> held = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (held == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : holder.poll(Duration.ofMillis(200))) {
                    held = r;
                }
            }
            assertThat(held).as("the holder's record").isNotNull();
            other.subscribe(List.of(topic));

            // when: for three lock durations the holder renews its lock (KIP-1222) about four times a lock
            List<ConsumerRecord<String, String>> stolen = new ArrayList<>();
            int renewals = 0;
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * LOCK_MS);
            while (System.nanoTime() < end) {
                holder.acknowledge(held, AcknowledgeType.RENEW);
                holder.commitSync();
                renewals++;
                for (ConsumerRecord<String, String> r : other.poll(Duration.ofMillis(LOCK_MS / 4))) {
                    if (!r.value().equals("warm-up")) {
                        stolen.add(r);
                    }
                }
                // the 4.4 consumer hands a renewed record back on the next poll
                ConsumerRecord<String, String> again = null;
                for (ConsumerRecord<String, String> r : holder.poll(Duration.ofMillis(100))) {
                    again = r;
                }
                assertThat(again).as("the renewed record, handed back by poll").isNotNull();
                held = again;
            }
            holder.acknowledge(held, AcknowledgeType.ACCEPT);
            holder.commitSync();
            List<ConsumerRecord<String, String>> afterAccept = new ArrayList<>();
            for (ConsumerRecord<String, String> r : other.poll(Duration.ofMillis(LOCK_MS))) {
                if (!r.value().equals("warm-up")) {
                    afterAccept.add(r);
                }
            }

            // then: nobody else got the record while its lock was renewed, and it was delivered once
            assertThat(renewals).isGreaterThanOrEqualTo(4);
            assertThat(stolen).isEmpty();
            assertThat(afterAccept).isEmpty();
            assertThat(held.value()).isEqualTo("v0");
            assertThat(held.deliveryCount()).hasValue((short) 1);
        }
    }

    @Test
    void shouldShareOnePartitionBetweenConsumersWhenSeveralReadIt() throws Exception {
        // given
        String topic = topic("share-many", 1);
        String group = topic + "-group";
        int count = 300;
        Map<String, Integer> deliveries = new ConcurrentHashMap<>();
        Set<String> consumersWithRecords = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (KafkaProducer<String, String> producer = producer(broker)) {
            try (KafkaShareConsumer<String, String> first = shareConsumer(group)) {
                first.subscribe(List.of(topic));
                warmUp(first, producer, topic, false);
            }
            List<Future<?>> consumers = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                String name = "c" + c;
                consumers.add(pool.submit(() -> {
                    // record_limit (KIP-1206): at most 10 records per fetch, also on Kafka 4.4, whose default
                    // batch_optimized mode may hand one consumer the producer's whole batch
                    try (KafkaShareConsumer<String, String> consumer = shareConsumer(group, "max.poll.records", 10,
                            "share.acquire.mode", "record_limit")) {
                        consumer.subscribe(List.of(topic));
                        while (!stop.get()) {
                            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                                if (!r.value().equals("warm-up")) {
                                    deliveries.merge(r.value(), 1, Integer::sum);
                                    consumersWithRecords.add(name);
                                }
                            }
                            Thread.sleep(5);
                        }
                        // implicit acknowledgement happens in poll and commit, not in close: without this the last
                        // poll's records are released at close and delivered again to a consumer still reading
                        consumer.commitSync();
                    }
                    return null;
                }));
            }
            awaitAssignedMembers(group, 3);
            // each assigned consumer's next ShareFetch opens its share session and waits for records
            Thread.sleep(1_000);

            // when: a stream of records in rounds, so consumers waiting in a long poll meet new records in turn
            List<String> sent = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (int i = round * count / 10; i < (round + 1) * count / 10; i++) {
                    sent.add("v" + i);
                    producer.send(new ProducerRecord<>(topic, "k" + (i % 3), "v" + i));
                }
                producer.flush();
                Thread.sleep(100);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (deliveries.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            stop.set(true);
            for (Future<?> f : consumers) {
                f.get(30, TimeUnit.SECONDS);
            }

            // then
            assertThat(deliveries.keySet()).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(deliveries.values()).containsOnly(1);
            assertThat(consumersWithRecords).hasSizeGreaterThan(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits up to 30 s until the share group has {@code members} members, each with a partition assigned. */
    private static void awaitAssignedMembers(String group, int members) throws Exception {
        try (Admin admin = admin(broker)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                ShareGroupDescription described = admin.describeShareGroups(List.of(group)).describedGroups()
                        .get(group).get();
                long assigned = described.members().stream()
                        .filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
                if (assigned >= members) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("share group " + group + " has " + assigned + " assigned members, not "
                            + members + ": " + described);
                }
                Thread.sleep(100);
            }
        }
    }

    private static void setGroupConfigs(String group, Map<String, String> configs) throws Exception {
        try (Admin admin = admin(broker)) {
            List<AlterConfigOp> ops = new ArrayList<>();
            configs.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), ops)).all().get();
        }
    }

    @Test
    void shouldStartAtTheLogStartWhenTheGroupResetsToEarliest() throws Exception {
        // given
        String topic = topic("share-earliest", 1);
        String group = topic + "-group";
        setGroupConfigs(group, Map.of("share.auto.offset.reset", "earliest"));
        List<String> sent;
        try (KafkaProducer<String, String> producer = producer(broker)) {
            sent = produce(producer, topic, 5);
        }

        // when
        List<ConsumerRecord<String, String>> received;
        try (KafkaShareConsumer<String, String> consumer = shareConsumer(group)) {
            consumer.subscribe(List.of(topic));
            received = pollValues(consumer, sent.size());
        }

        // then
        assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void shouldRedeliverOnlyWhatWasInFlightWhenTheBrokerRestarts() throws Exception {
        // given: v0..v4 accepted and committed, v5..v9 acquired and never acknowledged
        String topic = topic("share-restart", 1);
        String group = topic + "-group";
        setGroupConfigs(group, Map.of("share.auto.offset.reset", "earliest"));
        try (KafkaProducer<String, String> producer = producer(broker, "linger.ms", 200)) {
            produce(producer, topic, 10);
        }
        KafkaShareConsumer<String, String> first = shareConsumer(group, "share.acknowledgement.mode", "explicit");
        List<ConsumerRecord<String, String>> held = new ArrayList<>();
        try {
            first.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (held.isEmpty() && System.nanoTime() < deadline) {
                first.poll(Duration.ofMillis(200)).forEach(held::add);
            }
            for (ConsumerRecord<String, String> r : held) {
                if (Integer.parseInt(r.value().substring(1)) < 5) {
                    first.acknowledge(r, AcknowledgeType.ACCEPT);
                }
            }
            first.commitSync();

            // when
            broker.restart();
        } finally {
            first.close(Duration.ofSeconds(5));
        }
        List<ConsumerRecord<String, String>> redelivered;
        try (KafkaShareConsumer<String, String> second = shareConsumer(group)) {
            second.subscribe(List.of(topic));
            redelivered = pollValues(second, 5);
            redelivered.addAll(pollFor(second, Duration.ofSeconds(1)));
        }

        // then
        assertThat(held).extracting(ConsumerRecord::value)
                .containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        assertThat(redelivered).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("v5", "v6", "v7", "v8", "v9");
    }

    private static List<ConsumerRecord<String, String>> pollFor(KafkaShareConsumer<String, String> consumer,
                                                                Duration duration) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }

    @Test
    void shouldListDescribeResetAndDeleteShareGroupOffsetsWhenUsingAdmin() throws Exception {
        // given: a group that consumed five records and has no members any more
        String topic = topic("share-admin", 1);
        String group = topic + "-group";
        setGroupConfigs(group, Map.of("share.auto.offset.reset", "earliest"));
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = producer(broker)) {
            produce(producer, topic, 5);
        }
        try (KafkaShareConsumer<String, String> consumer = shareConsumer(group)) {
            consumer.subscribe(List.of(topic));
            pollValues(consumer, 5);
            consumer.commitSync();
        }

        try (Admin admin = admin(broker)) {
            // when
            Collection<GroupListing> listed = admin.listGroups(ListGroupsOptions.forShareGroups()).all().get();
            ShareGroupDescription described = admin.describeShareGroups(List.of(group)).describedGroups().get(group).get();
            Map<TopicPartition, SharePartitionOffsetInfo> before = admin.listShareGroupOffsets(
                    Map.of(group, new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(group).get();
            admin.alterShareGroupOffsets(group, Map.of(partition, 2L)).all().get();
            Map<TopicPartition, SharePartitionOffsetInfo> altered = admin.listShareGroupOffsets(
                    Map.of(group, new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(group).get();
            List<ConsumerRecord<String, String>> again;
            try (KafkaShareConsumer<String, String> consumer = shareConsumer(group)) {
                consumer.subscribe(List.of(topic));
                again = pollValues(consumer, 3);
            }
            admin.deleteShareGroupOffsets(group, Set.of(topic)).all().get();
            Map<TopicPartition, SharePartitionOffsetInfo> deleted = admin.listShareGroupOffsets(
                    Map.of(group, new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(group).get();

            // then
            assertThat(listed).extracting(GroupListing::groupId).contains(group);
            assertThat(described.groupState()).isEqualTo(GroupState.EMPTY);
            // Kafka 4.4 moves its durable start offset with a later state write (DIFFERENCES 26)
            assertThat(before.get(partition).startOffset()).isEqualTo(ConformanceBroker.againstApacheKafka() ? 0L : 5L);
            assertThat(before.get(partition).lag()).as("KIP-1226 lag").hasValue(0L);
            assertThat(altered.get(partition).startOffset()).isEqualTo(2L);
            assertThat(altered.get(partition).lag()).as("KIP-1226 lag").hasValue(3L);
            assertThat(again).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("v2", "v3", "v4");
            assertThat(deleted.get(partition)).isNull();
        }
    }

    @Test
    void shouldArchiveRejectedAndTooOftenReleasedRecordsWhenAcknowledgingExplicitly() throws Exception {
        // given: the broker archives a record after its third delivery (group.share.delivery.count.limit)
        String topic = topic("share-archive", 1);
        String group = topic + "-group";
        setGroupConfigs(group, Map.of("share.auto.offset.reset", "earliest"));
        try (KafkaProducer<String, String> producer = producer(broker, "linger.ms", 200)) {
            produce(producer, topic, 2);
        }
        Map<String, List<Short>> deliveries = new HashMap<>();
        try (KafkaShareConsumer<String, String> consumer = shareConsumer(group,
                "share.acknowledgement.mode", "explicit")) {
            consumer.subscribe(List.of(topic));

            // when: v0 is rejected at once, v1 released every time
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long settled = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settled)) {
                if (settled == Long.MAX_VALUE && deliveries.getOrDefault("v1", List.of()).size() >= 3) {
                    settled = System.nanoTime() + Duration.ofSeconds(2).toNanos(); // then watch for more deliveries
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    deliveries.computeIfAbsent(r.value(), v -> new ArrayList<>()).add(r.deliveryCount().orElseThrow());
                    consumer.acknowledge(r, r.value().equals("v0") ? AcknowledgeType.REJECT : AcknowledgeType.RELEASE);
                }
                consumer.commitSync();
            }
        }

        // then
        assertThat(deliveries).containsOnlyKeys("v0", "v1");
        assertThat(deliveries.get("v0")).containsExactly((short) 1);
        assertThat(deliveries.get("v1")).containsExactly((short) 1, (short) 2, (short) 3);
    }

    @Test
    void shouldWriteRejectedAndTooOftenReleasedRecordsToTheDeadLetterQueueWhenTheGroupHasOne() throws Exception {
        // given: a DLQ topic of two partitions enabled for share groups, copying records; records in partition 1
        String topic = topic("share-dlq", 2);
        String dlq = "dlq." + topic;
        String group = topic + "-group";
        try (Admin admin = admin(broker)) {
            createTopic(admin, dlq, 2, Map.of("errors.deadletterqueue.group.enable", "true"));
        }
        setGroupConfigs(group, Map.of("share.auto.offset.reset", "earliest",
                "errors.deadletterqueue.topic.name", dlq, "errors.deadletterqueue.copy.record.enable", "true"));
        try (KafkaProducer<String, String> producer = producer(broker)) {
            producer.send(new ProducerRecord<>(topic, 1, "k0", "v0")).get();
            producer.send(new ProducerRecord<>(topic, 1, "k1", "v1")).get();
        }

        // when: v0 is rejected at once, v1 released until its third delivery (the limit) archives it
        Map<String, List<Short>> deliveries = settleExplicitly(group, topic, 2,
                r -> r.value().equals("v0") ? AcknowledgeType.REJECT : AcknowledgeType.RELEASE);
        List<ConsumerRecord<String, String>> dead = readAtLeast(dlq, 2, 2);

        // then
        assertThat(deliveries).containsOnlyKeys("v0", "v1");
        assertThat(deliveries.get("v1")).containsExactly((short) 1, (short) 2, (short) 3);
        assertThat(dead).extracting(ConsumerRecord::partition).containsOnly(1);
        assertThat(dead).extracting(ConsumerRecord::key).containsExactly("k0", "k1");
        assertThat(dead).extracting(ConsumerRecord::value).containsExactly("v0", "v1");
        assertThat(headers(dead.get(0))).containsExactly(
                Map.entry("__dlq.errors.topic", topic), Map.entry("__dlq.errors.partition", "1"),
                Map.entry("__dlq.errors.offset", "0"), Map.entry("__dlq.errors.group", group),
                Map.entry("__dlq.errors.delivery.count", "1"),
                Map.entry("__dlq.errors.message", "Offset rejected by client."));
        assertThat(headers(dead.get(1))).containsExactly(
                Map.entry("__dlq.errors.topic", topic), Map.entry("__dlq.errors.partition", "1"),
                Map.entry("__dlq.errors.offset", "1"), Map.entry("__dlq.errors.group", group),
                Map.entry("__dlq.errors.delivery.count", "3"),
                Map.entry("__dlq.errors.message", "Offset delivery count exceeded the threshold."));
    }

    @Test
    void shouldWriteOnlyContextHeadersAndOnlyToAnEnabledOrCreatedTopicWhenRecordsAreRejected() throws Exception {
        // given: one group's DLQ is enabled for share groups (records not copied, Kafka's default), another's not,
        // a third's does not exist yet (the broker creates it)
        String topic = topic("share-dlq-headers", 1);
        String enabledDlq = "dlq." + topic + "-enabled";
        String disabledDlq = "dlq." + topic + "-disabled";
        String createdDlq = "dlq." + topic + "-created";
        String enabledGroup = topic + "-enabled";
        String disabledGroup = topic + "-disabled";
        String createdGroup = topic + "-created";
        try (Admin admin = admin(broker)) {
            createTopic(admin, enabledDlq, 1, Map.of("errors.deadletterqueue.group.enable", "true"));
            createTopic(admin, disabledDlq, 1);
        }
        setGroupConfigs(enabledGroup, Map.of("share.auto.offset.reset", "earliest",
                "errors.deadletterqueue.topic.name", enabledDlq));
        setGroupConfigs(disabledGroup, Map.of("share.auto.offset.reset", "earliest",
                "errors.deadletterqueue.topic.name", disabledDlq));
        setGroupConfigs(createdGroup, Map.of("share.auto.offset.reset", "earliest",
                "errors.deadletterqueue.topic.name", createdDlq));
        try (KafkaProducer<String, String> producer = producer(broker)) {
            producer.send(new ProducerRecord<>(topic, "k0", "v0")).get();
        }

        // when
        Throwable internalName = Clients.failureOf(() -> setGroupConfigs(enabledGroup,
                Map.of("errors.deadletterqueue.topic.name", "__dlq")));
        Map<String, List<Short>> disabled = settleExplicitly(disabledGroup, topic, 1, r -> AcknowledgeType.REJECT);
        Map<String, List<Short>> enabled = settleExplicitly(enabledGroup, topic, 1, r -> AcknowledgeType.REJECT);
        settleExplicitly(createdGroup, topic, 1, r -> AcknowledgeType.REJECT);
        List<ConsumerRecord<String, String>> dead = readAtLeast(enabledDlq, 1, 1);
        awaitTopic(createdDlq);
        List<ConsumerRecord<String, String>> deadInCreated = readAtLeast(createdDlq, 1, 1);
        String createdDlqEnabled;
        try (Admin admin = admin(broker)) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, createdDlq);
            createdDlqEnabled = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get("errors.deadletterqueue.group.enable").value();
        }

        // then
        assertThat(Clients.unwrap(internalName)).isInstanceOf(InvalidConfigurationException.class);
        assertThat(disabled).containsExactly(Map.entry("v0", List.of((short) 1)));
        assertThat(enabled).containsExactly(Map.entry("v0", List.of((short) 1)));
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isNull();
        assertThat(dead.get(0).value()).isNull();
        assertThat(headers(dead.get(0))).containsExactly(
                Map.entry("__dlq.errors.topic", topic), Map.entry("__dlq.errors.partition", "0"),
                Map.entry("__dlq.errors.offset", "0"), Map.entry("__dlq.errors.group", enabledGroup),
                Map.entry("__dlq.errors.delivery.count", "1"),
                Map.entry("__dlq.errors.message", "Offset rejected by client."));
        assertThat(Clients.readAll(broker, disabledDlq, 1)).isEmpty();
        assertThat(createdDlqEnabled).isEqualTo("true");
        assertThat(deadInCreated).singleElement().satisfies(r -> assertThat(headers(r)).contains(
                Map.entry("__dlq.errors.group", createdGroup), Map.entry("__dlq.errors.offset", "0")));
    }

    /** Waits until a topic the broker creates on its own exists (30 s at most). */
    private static void awaitTopic(String topic) throws Exception {
        try (Admin admin = admin(broker)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!admin.listTopics().names().get().contains(topic)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("topic " + topic + " was not created");
                }
                Thread.sleep(200);
            }
            Clients.awaitReady(admin, topic, 1);
        }
    }

    @Test
    void shouldDeliverCommittedRecordsOnlyAndStopAtAnOpenTransactionWhenTheGroupReadsCommitted() throws Exception {
        // given: a committed transaction, an aborted one, then an open one holding back a later plain record
        String topic = topic("share-read-committed", 1);
        String group = topic + "-group";
        setGroupConfigs(group, Map.of("share.auto.offset.reset", "earliest", "share.isolation.level", "read_committed"));
        List<ConsumerRecord<String, String>> beforeCommit;
        List<ConsumerRecord<String, String>> held;
        List<ConsumerRecord<String, String>> afterCommit;
        try (KafkaProducer<String, String> transactional = producer(broker, "transactional.id", topic + "-txn");
             KafkaProducer<String, String> plain = producer(broker);
             KafkaShareConsumer<String, String> consumer = shareConsumer(group)) {
            transactional.initTransactions();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(topic, "k", "committed-1"));
            transactional.send(new ProducerRecord<>(topic, "k", "committed-2"));
            transactional.commitTransaction();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(topic, "k", "aborted"));
            transactional.abortTransaction();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(topic, "k", "open"));
            transactional.flush();
            plain.send(new ProducerRecord<>(topic, "k", "after-open")).get();
            consumer.subscribe(List.of(topic));

            // when
            beforeCommit = pollValues(consumer, 2);
            held = pollFor(consumer, Duration.ofSeconds(2));
            transactional.commitTransaction();
            afterCommit = pollValues(consumer, 2);
        }

        // then
        assertThat(beforeCommit).extracting(ConsumerRecord::value).containsExactly("committed-1", "committed-2");
        assertThat(held).isEmpty();
        assertThat(afterCommit).extracting(ConsumerRecord::value).containsExactly("open", "after-open");
    }

    /**
     * Subscribes a new explicit-acknowledgement consumer of {@code group} and settles every record it gets as
     * {@code decide} says, until each of {@code expected} records was settled and 2 s passed without a delivery;
     * returns the delivery counts seen per value.
     */
    private static Map<String, List<Short>> settleExplicitly(String group, String topic, int expected,
            java.util.function.Function<ConsumerRecord<String, String>, AcknowledgeType> decide) {
        Map<String, List<Short>> deliveries = new HashMap<>();
        try (KafkaShareConsumer<String, String> consumer = shareConsumer(group,
                "share.acknowledgement.mode", "explicit")) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                var records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> r : records) {
                    deliveries.computeIfAbsent(r.value(), v -> new ArrayList<>()).add(r.deliveryCount().orElseThrow());
                    consumer.acknowledge(r, decide.apply(r));
                }
                consumer.commitSync();
                if (!records.isEmpty()) {
                    quietUntil = Long.MAX_VALUE;
                } else if (deliveries.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return deliveries;
    }

    /** Every record of a topic once it holds at least {@code count} (dead letters are written asynchronously). */
    private static List<ConsumerRecord<String, String>> readAtLeast(String topic, int partitions, int count)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<ConsumerRecord<String, String>> records = Clients.readAll(broker, topic, partitions);
        while (records.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
            records = Clients.readAll(broker, topic, partitions);
        }
        return records;
    }

    private static List<Map.Entry<String, String>> headers(ConsumerRecord<String, String> record) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Header header : record.headers()) {
            out.add(Map.entry(header.key(), new String(header.value(), StandardCharsets.UTF_8)));
        }
        return out;
    }
}
