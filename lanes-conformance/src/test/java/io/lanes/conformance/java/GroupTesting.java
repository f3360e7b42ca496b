package io.lanes.conformance.java;

import io.lanes.testkit.BrokerUnderTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Settings and helpers shared by the consumer group conformance tests, for both group protocols:
 * the same broker settings on Lanes and Apache Kafka, consumer settings per protocol, and waits
 * for a group to settle.
 */
public final class GroupTesting {

    /** Session timeout of members: the client's for classic groups, the broker's for consumer groups. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

    /** Heartbeat interval of members, short so that rebalances are noticed quickly. */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(500);

    private GroupTesting() {
    }

    /**
     * Broker settings under which groups react within seconds: no initial rebalance delay (Lanes' default is
     * Kafka's 3 s) and, for consumer (KIP-848) groups, a 6 s session timeout and a 500 ms
     * heartbeat interval instead of 45 s and 5 s. Kafka checks them against its minimums, so those
     * are lowered too; Lanes ignores the minimums.
     */
    public static final Map<String, String> BROKER_CONFIG = Map.of(
            "group.initial.rebalance.delay.ms", "0",
            "group.consumer.min.session.timeout.ms", "1000",
            "group.consumer.session.timeout.ms", String.valueOf(SESSION_TIMEOUT.toMillis()),
            "group.consumer.min.heartbeat.interval.ms", "100",
            "group.consumer.heartbeat.interval.ms", String.valueOf(HEARTBEAT_INTERVAL.toMillis()));

    /** A broker with {@link #BROKER_CONFIG}. */
    static ConformanceBroker broker() {
        ConformanceBroker.Builder builder = ConformanceBroker.builder();
        BROKER_CONFIG.forEach(builder::brokerConfig);
        return builder.build();
    }

    /**
     * Consumer settings for a member of {@code group}: manual commits, reading from the earliest
     * offset unless {@code extra} says otherwise. Classic members carry their own session timeout
     * and heartbeat interval; consumer-protocol members must not (the broker sets them).
     */
    public static Map<String, Object> memberConfig(GroupProtocol protocol, String group, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.name().toLowerCase(Locale.ROOT));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (protocol == GroupProtocol.CLASSIC) {
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
            config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) HEARTBEAT_INTERVAL.toMillis());
        }
        config.putAll(extra);
        return config;
    }

    /** The same settings as key, value pairs, for {@link Clients#consumer}. */
    public static Object[] memberOverrides(GroupProtocol protocol, String group, Map<String, Object> extra) {
        List<Object> pairs = new ArrayList<>();
        memberConfig(protocol, group, extra).forEach((key, value) -> {
            pairs.add(key);
            pairs.add(value);
        });
        return pairs.toArray();
    }

    /** What the group coordinator says about the group now. */
    public static ConsumerGroupDescription describe(Admin admin, String group) throws Exception {
        return describe(admin, group, false);
    }

    /** What the group coordinator says about the group now, with the operations this client may perform. */
    public static ConsumerGroupDescription describe(Admin admin, String group, boolean authorizedOperations)
            throws Exception {
        return admin.describeConsumerGroups(List.of(group),
                new DescribeConsumerGroupsOptions().includeAuthorizedOperations(authorizedOperations))
                .all().get().get(group);
    }

    /** Whether the coordinator reports the group stable with exactly {@code members} members. */
    public static Predicate<ConsumerGroupDescription> stableWith(int members) {
        return d -> d.groupState() == GroupState.STABLE && d.members().size() == members;
    }

    /** Partitions 0 to {@code partitions - 1} of the topic. */
    public static List<TopicPartition> partitions(String topic, int partitions) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        return tps;
    }

    /**
     * Writes {@code perPartition} records to every partition, keyed {@code order-<n>} with the
     * key's partition chosen explicitly (round robin), so each key lives in one partition whatever
     * the broker's partitioner would say.
     */
    public static void produceKeyed(BrokerUnderTest broker, String topic, int partitions, int perPartition, String tag)
            throws Exception {
        try (KafkaProducer<String, String> producer = Clients.producer(broker)) {
            for (int i = 0; i < partitions * perPartition; i++) {
                int partition = i % partitions;
                producer.send(new ProducerRecord<>(topic, partition, "order-" + (i % (partitions * 4)), tag + "-" + i));
            }
            producer.flush();
        }
    }
}
