package io.lanes.broker.share;

import io.lanes.broker.security.acl.AclAuthorizer;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.metadata.TopicManager;
import io.lanes.coordinator.share.ShareGroups;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ShareGroupDescribeRequestData;
import org.apache.kafka.common.message.ShareGroupDescribeResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * ShareGroupDescribe (KIP-932): each share group's epoch, state (Stable with members, Empty without) and members
 * with their subscriptions and assignment; GROUP_ID_NOT_FOUND for a group that is not a share group here,
 * GROUP_AUTHORIZATION_FAILED for one the principal may not DESCRIBE (Kafka's check).
 */
final class ShareGroupDescribeHandler implements ApiHandler<ShareGroupDescribeRequestData> {
    private final ShareGroups groups;
    private final TopicManager topics;
    private final AclAuthorizer authorizer;

    ShareGroupDescribeHandler(ShareGroups groups, TopicManager topics, AclAuthorizer authorizer) {
        this.groups = groups;
        this.topics = topics;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<ShareGroupDescribeResponseData> handle(RequestContext context,
                                                                    ShareGroupDescribeRequestData request) {
        ShareGroupDescribeResponseData response = new ShareGroupDescribeResponseData();
        for (String groupId : request.groupIds()) {
            ShareGroups.GroupView view = groups.describe(groupId);
            ShareGroupDescribeResponseData.DescribedGroup described = new ShareGroupDescribeResponseData.DescribedGroup()
                    .setGroupId(groupId);
            response.groups().add(described);
            if (!authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.GROUP, groupId)) {
                described.setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code());
                continue;
            }
            if (view == null) {
                described.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                        .setErrorMessage("Group " + groupId + " not found.");
                continue;
            }
            described.setGroupState(view.members().isEmpty() ? "Empty" : "Stable")
                    .setGroupEpoch(view.groupEpoch()).setAssignmentEpoch(view.groupEpoch()).setAssignorName("simple")
                    .setAuthorizedOperations(Integer.MIN_VALUE);
            for (ShareGroups.MemberView m : view.members()) {
                described.members().add(new ShareGroupDescribeResponseData.Member().setMemberId(m.memberId())
                        .setRackId(m.rackId()).setMemberEpoch(m.memberEpoch())
                        .setClientId(m.clientId() == null ? "" : m.clientId())
                        .setClientHost(m.clientHost() == null ? "" : m.clientHost())
                        .setSubscribedTopicNames(new ArrayList<>(m.subscribedTopics()))
                        .setAssignment(new ShareGroupDescribeResponseData.Assignment()
                                .setTopicPartitions(assignment(m.assignment()))));
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private List<ShareGroupDescribeResponseData.TopicPartitions> assignment(Map<Uuid, List<Integer>> assignment) {
        List<ShareGroupDescribeResponseData.TopicPartitions> out = new ArrayList<>();
        assignment.forEach((id, partitions) -> out.add(new ShareGroupDescribeResponseData.TopicPartitions()
                .setTopicId(id).setTopicName(topics.topic(id).map(TopicInfo::name).orElse(""))
                .setPartitions(new ArrayList<>(partitions))));
        return out;
    }
}
