package io.lanes.broker.handlers.group;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import io.lanes.broker.RawKafkaClient;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupMaxSizeReachedException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** KIP-848 consumer groups end to end with the official Java consumer (group.protocol=consumer). */
class ConsumerProtocolTest {
    @TempDir
    Path dataDir;

    private LanesBroker broker;
    private final List<AutoCloseable> clients = new ArrayList<>();
    /** Every record consumed, by "topic-partition:offset", with how many times. */
    private final Map<String, Integer> consumed = new ConcurrentHashMap<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private void start() throws Exception {
        start(Map.of());
    }

    /** Starts the broker with fast consumer group timings (Kafka's bounds lowered to allow them) and {@code overrides}. */
    private void start(Map<String, String> overrides) throws Exception {
        Map<String, String> props = new HashMap<>(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "num.partitions", "3",
                "offsets.topic.num.partitions", "4",
                "group.consumer.heartbeat.interval.ms", "200",
                "group.consumer.min.heartbeat.interval.ms", "100",
                "group.consumer.session.timeout.ms", "3000",
                "group.consumer.min.session.timeout.ms", "1000"));
        props.putAll(overrides);
        broker = LanesBroker.start(BrokerConfig.from(props));
    }

    private KafkaConsumer<String, String> consumer(String group) {
        return consumer(group, Map.of());
    }

    private KafkaConsumer<String, String> consumer(String group, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.putAll(overrides);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        clients.add(consumer);
        return consumer;
    }

    /** Subscribes; the positions of revoked partitions are committed before they move on. */
    private static void subscribe(KafkaConsumer<String, String> consumer, String topic) {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    consumer.commitSync();
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        });
    }

    private void produce(String topic, int from, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
            }
            producer.flush();
        }
    }

    private Admin admin() {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        clients.add(admin);
        return admin;
    }

    /** Polls every consumer (committing what each poll returned) until the condition holds (at most 60 s). */
    @SafeVarargs
    private void pollUntil(BooleanSupplier condition, KafkaConsumer<String, String>... consumers) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("condition not met in time").isLessThan(deadline);
            for (KafkaConsumer<String, String> consumer : consumers) {
                var records = consumer.poll(Duration.ofMillis(50));
                for (ConsumerRecord<String, String> record : records) {
                    consumed.merge(record.topic() + "-" + record.partition() + ":" + record.offset(), 1, Integer::sum);
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        }
    }

    @Test
    void shouldConsumeEveryRecordOnceWhenSecondConsumerJoinsAndFirstLeaves() throws Exception {
        // given
        start();
        admin().createTopics(List.of(new NewTopic("events", 3, (short) 1))).all().get();
        produce("events", 0, 30);
        KafkaConsumer<String, String> first = consumer("kip848");
        subscribe(first, "events");
        pollUntil(() -> consumed.size() == 30 && first.assignment().size() == 3, first);

        // when a second consumer joins
        produce("events", 30, 30);
        KafkaConsumer<String, String> second = consumer("kip848");
        subscribe(second, "events");
        pollUntil(() -> consumed.size() == 60 && first.assignment().size() + second.assignment().size() == 3
                && !first.assignment().isEmpty() && !second.assignment().isEmpty(), first, second);

        // then the partitions are split and described as a consumer group
        Set<TopicPartition> union = new HashSet<>(first.assignment());
        union.addAll(second.assignment());
        assertThat(union).hasSize(3);
        ConsumerGroupDescription described = admin().describeConsumerGroups(List.of("kip848"))
                .describedGroups().get("kip848").get();
        assertThat(described.type()).isEqualTo(GroupType.CONSUMER);
        assertThat(described.members()).hasSize(2);
        assertThat(admin().listGroups(ListGroupsOptions.forConsumerGroups()).all().get())
                .anySatisfy(g -> {
                    assertThat(g.groupId()).isEqualTo("kip848");
                    assertThat(g.type()).contains(GroupType.CONSUMER);
                });

        // when the first leaves, the second gets its partitions and continues from the commits
        first.close();
        clients.remove(first);
        produce("events", 60, 30);
        pollUntil(() -> consumed.size() == 90 && second.assignment().size() == 3, second);

        // then
        assertThat(consumed.values()).allSatisfy(times -> assertThat(times).isEqualTo(1));
        Map<TopicPartition, OffsetAndMetadata> committed = second.committed(second.assignment());
        assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(90);
    }

    private ConsumerGroupDescription describeGroup(String group) throws Exception {
        return admin().describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
    }

    private static ConsumerGroupHeartbeatResponseData heartbeat(RawKafkaClient raw,
                                                                ConsumerGroupHeartbeatRequestData request) throws Exception {
        return ((ConsumerGroupHeartbeatResponse) raw.send(ApiKeys.CONSUMER_GROUP_HEARTBEAT, (short) 1, request)).data();
    }

    @Test
    void shouldFenceMemberAndReassignItsPartitionsWhenItDoesNotRevokeWithinItsRebalanceTimeout() throws Exception {
        // given a member (a bare protocol client) that owns every partition and never acknowledges a revocation
        start();
        admin().createTopics(List.of(new NewTopic("events", 3, (short) 1))).all().get();
        produce("events", 0, 30);
        Uuid topicId = admin().describeTopics(List.of("events")).allTopicNames().get().get("events").topicId();
        try (RawKafkaClient stuck = new RawKafkaClient(broker.port())) {
            ConsumerGroupHeartbeatResponseData joined = heartbeat(stuck, new ConsumerGroupHeartbeatRequestData()
                    .setGroupId("fencing").setMemberId(Uuid.randomUuid().toString()).setMemberEpoch(0)
                    .setRebalanceTimeoutMs(2000).setSubscribedTopicNames(List.of("events"))
                    .setTopicPartitions(List.of()));
            assertThat(joined.assignment().topicPartitions().get(0).partitions()).hasSize(3);
            ConsumerGroupHeartbeatRequestData owningAll = new ConsumerGroupHeartbeatRequestData()
                    .setGroupId("fencing").setMemberId(joined.memberId()).setMemberEpoch(joined.memberEpoch())
                    .setTopicPartitions(List.of(new ConsumerGroupHeartbeatRequestData.TopicPartitions()
                            .setTopicId(topicId).setPartitions(List.of(0, 1, 2))));

            // when a real consumer joins, and the stuck member keeps heartbeating while holding on
            KafkaConsumer<String, String> second = consumer("fencing");
            subscribe(second, "events");
            List<Errors> stuckErrors = new ArrayList<>();
            long nextBeat = 0;
            long deadline = System.currentTimeMillis() + 60_000;
            while (second.assignment().size() < 3 || consumed.size() < 30) {
                assertThat(System.currentTimeMillis()).as("partitions not reassigned in time").isLessThan(deadline);
                if (System.currentTimeMillis() >= nextBeat) {
                    stuckErrors.add(Errors.forCode(heartbeat(stuck, owningAll).errorCode()));
                    nextBeat = System.currentTimeMillis() + 200;
                }
                second.poll(Duration.ofMillis(50)).forEach(r ->
                        consumed.merge(r.topic() + "-" + r.partition() + ":" + r.offset(), 1, Integer::sum));
            }

            // then the stuck member was fenced (its heartbeats now fail) and the consumer got everything
            assertThat(Errors.forCode(heartbeat(stuck, owningAll).errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            assertThat(stuckErrors).startsWith(Errors.NONE);
            assertThat(describeGroup("fencing").members()).hasSize(1);
        }
    }

    @Test
    void shouldHandStaticMemberPartitionsToItsNextIncarnationWithoutMovingOthers() throws Exception {
        // given a static member (instance-a) and a dynamic one sharing the partitions
        start();
        admin().createTopics(List.of(new NewTopic("events", 3, (short) 1))).all().get();
        produce("events", 0, 30);
        Map<String, Object> instanceA = Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-a");
        KafkaConsumer<String, String> first = consumer("static", instanceA);
        subscribe(first, "events");
        KafkaConsumer<String, String> other = consumer("static");
        List<Collection<TopicPartition>> otherRevoked = new ArrayList<>();
        other.subscribe(List.of("events"), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    otherRevoked.add(partitions);
                    other.commitSync();
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        });
        pollUntil(() -> consumed.size() == 30 && !first.assignment().isEmpty() && !other.assignment().isEmpty()
                && first.assignment().size() + other.assignment().size() == 3, first, other);
        Set<TopicPartition> firstOwned = Set.copyOf(first.assignment());
        Set<TopicPartition> otherOwned = Set.copyOf(other.assignment());
        int groupEpoch = describeGroup("static").groupEpoch().orElseThrow();
        otherRevoked.clear();

        // when the static member closes and a new consumer with its instance id starts
        first.close();
        clients.remove(first);
        KafkaConsumer<String, String> next = consumer("static", instanceA);
        subscribe(next, "events");
        pollUntil(() -> next.assignment().equals(firstOwned), next, other);

        // then it resumes the same partitions, and the other member is not rebalanced
        assertThat(other.assignment()).isEqualTo(otherOwned);
        assertThat(otherRevoked).isEmpty();
        ConsumerGroupDescription described = describeGroup("static");
        assertThat(described.groupEpoch()).contains(groupEpoch);
        assertThat(described.members()).extracting(m -> m.groupInstanceId().orElse(""))
                .containsExactlyInAnyOrder("instance-a", "");

        // when a second live consumer claims the same instance id, it fails
        KafkaConsumer<String, String> duplicate = consumer("static", instanceA);
        duplicate.subscribe(List.of("events"));
        assertThatThrownBy(() -> {
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                duplicate.poll(Duration.ofMillis(50));
            }
        }).isInstanceOf(UnreleasedInstanceIdException.class);

        // when the static member closes and nobody takes over within the session timeout
        next.close();
        clients.remove(next);
        long closedAt = System.currentTimeMillis();
        pollUntil(() -> other.assignment().size() == 3, other);

        // then it is removed and the other member gets its partitions
        assertThat(System.currentTimeMillis() - closedAt).isGreaterThanOrEqualTo(2000);
        assertThat(describeGroup("static").members()).hasSize(1);
    }

    @Test
    void shouldRefuseConsumerWhenGroupIsAtItsMaxSize() throws Exception {
        // given
        start(Map.of("group.consumer.max.size", "1"));
        admin().createTopics(List.of(new NewTopic("events", 3, (short) 1))).all().get();
        KafkaConsumer<String, String> first = consumer("small");
        first.subscribe(List.of("events"));
        pollUntil(() -> first.assignment().size() == 3, first);

        // when
        KafkaConsumer<String, String> second = consumer("small");
        second.subscribe(List.of("events"));

        // then
        assertThatThrownBy(() -> {
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                second.poll(Duration.ofMillis(50));
            }
        }).isInstanceOf(GroupMaxSizeReachedException.class);
    }

    @Test
    void shouldConsumeTopicsMatchingPatternIncludingOnesCreatedLater() throws Exception {
        // given
        start();
        admin().createTopics(List.of(new NewTopic("orders-eu", 2, (short) 1), new NewTopic("payments", 1, (short) 1)))
                .all().get();
        produce("orders-eu", 0, 10);
        produce("payments", 0, 10);
        KafkaConsumer<String, String> consumer = consumer("pattern");

        // when
        consumer.subscribe(new SubscriptionPattern("orders-.*"));
        pollUntil(() -> consumed.size() == 10, consumer);
        admin().createTopics(List.of(new NewTopic("orders-us", 1, (short) 1))).all().get();
        produce("orders-us", 0, 5);
        pollUntil(() -> consumed.size() == 15, consumer);

        // then only the matching topics were consumed, the new one included
        assertThat(consumed.keySet()).allSatisfy(key -> assertThat(key).startsWith("orders-"));
        assertThat(consumer.assignment()).extracting(TopicPartition::topic).containsOnly("orders-eu", "orders-us");
        assertThat(describeGroup("pattern").members().iterator().next().assignment().topicPartitions()).hasSize(3);
    }

    @Test
    void shouldDescribeConsumerGroupBrokerConfigsWithKafkaNamesAndDefaults() throws Exception {
        // given
        start();

        // when
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(broker.config().nodeId()));
        Config config = admin().describeConfigs(List.of(resource)).all().get().get(resource);

        // then
        assertThat(config.get("group.consumer.session.timeout.ms").value()).isEqualTo("3000");
        assertThat(config.get("group.consumer.max.session.timeout.ms").value()).isEqualTo("60000");
        assertThat(config.get("group.consumer.heartbeat.interval.ms").value()).isEqualTo("200");
        assertThat(config.get("group.consumer.max.heartbeat.interval.ms").value()).isEqualTo("15000");
        assertThat(config.get("group.consumer.max.size").value()).isEqualTo(String.valueOf(Integer.MAX_VALUE));
        assertThat(config.get("group.consumer.assignors").value()).isEqualTo("uniform,range");
        assertThatThrownBy(() -> BrokerConfig.from(Map.of("group.consumer.session.timeout.ms", "1000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("group.consumer.session.timeout.ms must be greater than or equal to "
                        + "group.consumer.min.session.timeout.ms");
    }
}
