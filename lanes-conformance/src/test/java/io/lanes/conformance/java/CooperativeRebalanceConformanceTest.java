package io.lanes.conformance.java;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.topicName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Incremental rebalancing: when a member joins, the existing members give up only the partitions
 * that move to it and keep owning the rest throughout. Classic groups get this from the
 * client-side {@link CooperativeStickyAssignor}; consumer (KIP-848) groups from the broker's
 * assignor, which must be sticky in the same way.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CooperativeRebalanceConformanceTest {

    private static final int PARTITIONS = 6;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static ConformanceBroker broker = GroupTesting.broker();

    private final List<GroupMember> started = new ArrayList<>();

    @AfterEach
    void closeMembers() {
        started.forEach(GroupMember::close);
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @EnumSource(GroupProtocol.class)
    void shouldMoveOnlyThePartitionsOfTheNewMemberWhenAMemberJoins(GroupProtocol protocol) throws Exception {
        // given: two members sharing six partitions three and three
        String topic = topicName("cooperative");
        String group = topicName("cooperative-group");
        PartitionOwners owners = new PartitionOwners();
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, PARTITIONS);
            GroupMember first = member("first", protocol, group, topic, owners);
            GroupMember second = member("second", protocol, group, topic, owners);
            awaitShares(admin, group, List.of(first, second), 3);
            Set<TopicPartition> firstBefore = first.owned();
            Set<TopicPartition> secondBefore = second.owned();
            int firstRevocations = first.revoked().size();
            int secondRevocations = second.revoked().size();

            // when
            GroupMember third = member("third", protocol, group, topic, owners);
            awaitShares(admin, group, List.of(first, second, third), 2);

            // then
            List<TopicPartition> firstGaveUp = first.revoked().subList(firstRevocations, first.revoked().size());
            List<TopicPartition> secondGaveUp = second.revoked().subList(secondRevocations, second.revoked().size());
            assertThat(firstBefore).as("first member before and after").containsAll(first.owned());
            assertThat(secondBefore).as("second member before and after").containsAll(second.owned());
            assertThat(firstGaveUp).as("partitions the first member was asked to give up")
                    .containsExactlyInAnyOrderElementsOf(difference(firstBefore, first.owned()));
            assertThat(secondGaveUp).as("partitions the second member was asked to give up")
                    .containsExactlyInAnyOrderElementsOf(difference(secondBefore, second.owned()));
            Set<TopicPartition> moved = new HashSet<>(firstGaveUp);
            moved.addAll(secondGaveUp);
            assertThat(third.owned()).as("the new member's partitions").isEqualTo(moved);
            assertThat(first.lost()).isEmpty();
            assertThat(second.lost()).isEmpty();
            assertThat(owners.conflicts()).as("partitions with two owners at once").isEmpty();
        }
    }

    private GroupMember member(String name, GroupProtocol protocol, String group, String topic, PartitionOwners owners) {
        Map<String, Object> extra = protocol == GroupProtocol.CLASSIC
                ? Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName())
                : Map.of();
        GroupMember member = GroupMember.subscribe(name, broker, protocol, group, topic, owners, true, extra);
        started.add(member);
        return member;
    }

    /** Polls until the group is stable with these members, each owning {@code share} partitions. */
    private static void awaitShares(Admin admin, String group, List<GroupMember> members, int share) {
        GroupMember.pollAll(members, () -> {
            try {
                return GroupTesting.stableWith(members.size()).test(GroupTesting.describe(admin, group))
                        && members.stream().allMatch(m -> m.owned().size() == share);
            } catch (Exception e) {
                return false;
            }
        }, TIMEOUT, members.size() + " members owning " + share + " partitions each");
    }

    private static Set<TopicPartition> difference(Set<TopicPartition> before, Set<TopicPartition> after) {
        Set<TopicPartition> gone = new HashSet<>(before);
        gone.removeAll(after);
        return gone;
    }
}
