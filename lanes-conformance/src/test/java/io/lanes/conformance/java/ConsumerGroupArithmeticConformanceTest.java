package io.lanes.conformance.java;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.topicName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The arithmetic of consumer groups over a topic with three partitions (seed article 002), for
 * both group protocols: one consumer reads all three partitions, three share them one each, a
 * fourth and fifth consumer stay idle, every record reaches exactly one consumer of a group, every
 * key stays with one consumer, and two groups each read everything independently.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConsumerGroupArithmeticConformanceTest {

    private static final int PARTITIONS = 3;
    private static final int PER_PARTITION = 100;
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static ConformanceBroker broker = GroupTesting.broker();

    private final List<GroupMember> started = new ArrayList<>();

    @AfterEach
    void closeMembers() {
        started.forEach(GroupMember::close);
    }

    static Stream<Arguments> protocolsAndGroupSizes() {
        return Stream.of(GroupProtocol.values())
                .flatMap(protocol -> IntStream.of(1, 3, 4, 5).mapToObj(size -> Arguments.of(protocol, size)));
    }

    @ParameterizedTest(name = "group.protocol={0}, {1} consumers")
    @MethodSource("protocolsAndGroupSizes")
    void shouldGiveEachPartitionToOneConsumerAndEachRecordOnceWhenGroupHasThisManyConsumers(
            GroupProtocol protocol, int consumers) throws Exception {
        // given
        String topic = topicWithPartitions("orders");
        PartitionOwners owners = new PartitionOwners();
        List<GroupMember> billing = join(protocol, topicName("billing"), topic, consumers, owners);

        // when
        GroupTesting.produceKeyed(broker, topic, PARTITIONS, PER_PARTITION, "placed");
        consumeEverything(billing);

        // then
        List<Integer> expectedShares = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            expectedShares.add(consumers == 1 ? PARTITIONS : i < PARTITIONS ? 1 : 0);
        }
        assertThat(billing).extracting(m -> m.owned().size()).containsExactlyInAnyOrderElementsOf(expectedShares);
        assertThat(billing).filteredOn(m -> m.owned().isEmpty())
                .as("idle consumers receive nothing").allSatisfy(m -> assertThat(m.received()).isEmpty());
        assertEveryRecordOnceAndEachKeyWithOneConsumer(billing);
        assertThat(owners.conflicts()).as("partitions with two owners at once").isEmpty();
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @EnumSource(GroupProtocol.class)
    void shouldDeliverEveryRecordToEachGroupWhenTwoGroupsConsumeTheSameTopic(GroupProtocol protocol) throws Exception {
        // given
        String topic = topicWithPartitions("orders");
        PartitionOwners billingOwners = new PartitionOwners();
        PartitionOwners analyticsOwners = new PartitionOwners();
        List<GroupMember> billing = join(protocol, topicName("billing"), topic, 3, billingOwners);
        List<GroupMember> analytics = join(protocol, topicName("analytics"), topic, 1, analyticsOwners);

        // when
        GroupTesting.produceKeyed(broker, topic, PARTITIONS, PER_PARTITION, "placed");
        List<GroupMember> everyone = new ArrayList<>(billing);
        everyone.addAll(analytics);
        GroupMember.pollAll(everyone, () -> receivedBy(billing) >= PARTITIONS * PER_PARTITION
                && receivedBy(analytics) >= PARTITIONS * PER_PARTITION, SETTLE_TIMEOUT, "both groups to read everything");

        // then
        assertThat(billing).extracting(m -> m.owned().size()).containsExactly(1, 1, 1);
        assertThat(analytics).extracting(m -> m.owned().size()).containsExactly(PARTITIONS);
        assertEveryRecordOnceAndEachKeyWithOneConsumer(billing);
        assertEveryRecordOnceAndEachKeyWithOneConsumer(analytics);
        assertThat(billingOwners.conflicts()).isEmpty();
        assertThat(analyticsOwners.conflicts()).isEmpty();
    }

    private static String topicWithPartitions(String hint) throws Exception {
        String topic = topicName(hint);
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, PARTITIONS);
        }
        return topic;
    }

    /**
     * Starts {@code size} members of a group and polls them until the coordinator reports the
     * group stable with all of them and their listeners together hold every partition once.
     */
    private List<GroupMember> join(GroupProtocol protocol, String group, String topic, int size,
                                   PartitionOwners owners) throws Exception {
        List<GroupMember> members = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            GroupMember member = GroupMember.subscribe(group + "/c" + i, broker, protocol, group, topic, owners,
                    true, Map.of());
            started.add(member);
            members.add(member);
        }
        try (Admin admin = admin(broker)) {
            GroupMember.pollAll(members, () -> settled(admin, group, members), SETTLE_TIMEOUT,
                    "group " + group + " to be stable with " + size + " members");
        }
        return members;
    }

    private static boolean settled(Admin admin, String group, List<GroupMember> members) {
        ConsumerGroupDescription description;
        try {
            description = GroupTesting.describe(admin, group);
        } catch (Exception e) {
            return false; // the coordinator may still be loading the group: ask again
        }
        if (!GroupTesting.stableWith(members.size()).test(description)) {
            return false;
        }
        List<Integer> described = description.members().stream()
                .map(MemberDescription::assignment).map(a -> a.topicPartitions().size()).sorted().toList();
        List<Integer> local = members.stream().map(m -> m.owned().size()).sorted().toList();
        Set<Object> union = new HashSet<>();
        members.forEach(m -> union.addAll(m.owned()));
        return described.equals(local) && union.size() == PARTITIONS
                && local.stream().mapToInt(Integer::intValue).sum() == PARTITIONS;
    }

    private static void consumeEverything(List<GroupMember> members) {
        GroupMember.pollAll(members, () -> receivedBy(members) >= PARTITIONS * PER_PARTITION, SETTLE_TIMEOUT,
                "every record to be consumed");
    }

    private static int receivedBy(Collection<GroupMember> members) {
        return members.stream().mapToInt(m -> m.received().size()).sum();
    }

    /** Each produced record reached one member exactly once, and each key and partition one member. */
    private static void assertEveryRecordOnceAndEachKeyWithOneConsumer(List<GroupMember> members) {
        List<String> values = new ArrayList<>();
        Map<String, Set<String>> consumersByKey = new HashMap<>();
        Map<Integer, Set<String>> consumersByPartition = new HashMap<>();
        for (GroupMember member : members) {
            for (ConsumerRecord<String, String> record : member.received()) {
                values.add(record.value());
                consumersByKey.computeIfAbsent(record.key(), k -> new HashSet<>()).add(member.name());
                consumersByPartition.computeIfAbsent(record.partition(), p -> new HashSet<>()).add(member.name());
            }
        }
        List<String> expected = IntStream.range(0, PARTITIONS * PER_PARTITION).mapToObj(i -> "placed-" + i).toList();
        assertThat(values).as("values received by the group").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(consumersByKey).as("consumers per key").allSatisfy((key, names) -> assertThat(names).hasSize(1));
        assertThat(consumersByPartition).as("consumers per partition").hasSize(PARTITIONS)
                .allSatisfy((partition, names) -> assertThat(names).hasSize(1));
    }
}
