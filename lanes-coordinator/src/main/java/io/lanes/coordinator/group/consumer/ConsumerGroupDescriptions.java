package io.lanes.coordinator.group.consumer;

import io.lanes.coordinator.group.Group;
import io.lanes.coordinator.group.GroupShard;
import io.lanes.coordinator.group.TopicLookup;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * ConsumerGroupDescribe: a consumer group's state, epochs, assignor and members with their current and
 * target assignments, topics named. Reads only; runs under the shard lock.
 */
final class ConsumerGroupDescriptions {
    private final GroupShard shard;
    private final TopicLookup topics;
    private final Subscriptions subscriptions;

    ConsumerGroupDescriptions(GroupShard shard, TopicLookup topics, Subscriptions subscriptions) {
        this.shard = shard;
        this.topics = topics;
        this.subscriptions = subscriptions;
    }

    ConsumerGroupDescribeResponseData.DescribedGroup describe(String groupId, short apiVersion) {
        ConsumerGroupDescribeResponseData.DescribedGroup out = new ConsumerGroupDescribeResponseData.DescribedGroup()
                .setGroupId(groupId);
        Group existing = shard.group(groupId);
        if (existing == null) {
            return out.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage("Group " + groupId + " not found.");
        }
        if (!(existing instanceof ConsumerGroup group)) {
            return out.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                    .setErrorMessage("Group " + groupId + " is not a consumer group.");
        }
        out.setGroupState(group.stateName()).setGroupEpoch(group.groupEpoch)
                .setAssignmentEpoch(group.targetAssignmentEpoch)
                .setAssignorName(subscriptions.chooseAssignor(group.members.values()));
        for (ConsumerMember m : group.members.values()) {
            ConsumerGroupDescribeResponseData.Member member = new ConsumerGroupDescribeResponseData.Member()
                    .setMemberId(m.memberId).setInstanceId(m.instanceId).setRackId(m.rackId)
                    .setMemberEpoch(m.memberEpoch).setClientId(m.clientId).setClientHost(m.clientHost)
                    .setSubscribedTopicNames(new ArrayList<>(m.subscribedTopics))
                    .setSubscribedTopicRegex(m.subscribedTopicRegex)
                    .setAssignment(assignment(m.assigned))
                    .setTargetAssignment(assignment(group.targetAssignment.getOrDefault(m.memberId, Map.of())));
            if (apiVersion >= 1) {
                member.setMemberType((byte) 1);
            }
            out.members().add(member);
        }
        return out;
    }

    private ConsumerGroupDescribeResponseData.Assignment assignment(Map<Uuid, Set<Integer>> partitions) {
        ConsumerGroupDescribeResponseData.Assignment out = new ConsumerGroupDescribeResponseData.Assignment();
        partitions.forEach((id, parts) -> out.topicPartitions().add(new ConsumerGroupDescribeResponseData.TopicPartitions()
                .setTopicId(id).setTopicName(Objects.requireNonNullElse(topics.topicName(id), ""))
                .setPartitions(new ArrayList<>(parts))));
        return out;
    }
}
