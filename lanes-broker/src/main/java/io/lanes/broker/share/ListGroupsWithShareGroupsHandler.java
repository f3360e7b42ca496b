package io.lanes.broker.share;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.security.acl.AclAuthorizer;
import io.lanes.coordinator.group.GroupCoordinator;
import io.lanes.coordinator.share.ShareGroups;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ListGroups with share groups: the group coordinator's groups, then the share groups (protocol type and group type
 * {@code share}, state Stable with members, Empty without) that pass the request's state and type filters (compared
 * ignoring case, as Kafka does). With an authorizer, a principal without DESCRIBE on the cluster sees only the groups
 * it may DESCRIBE (Kafka's rule, as for the plain ListGroups this handler replaces).
 */
final class ListGroupsWithShareGroupsHandler implements ApiHandler<ListGroupsRequestData> {
    private static final String SHARE = "share";

    private final GroupCoordinator coordinator;
    private final ShareGroups groups;
    private final AclAuthorizer authorizer;

    ListGroupsWithShareGroupsHandler(GroupCoordinator coordinator, ShareGroups groups, AclAuthorizer authorizer) {
        this.coordinator = coordinator;
        this.groups = groups;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<ListGroupsResponseData> handle(RequestContext context, ListGroupsRequestData request) {
        ListGroupsResponseData response = coordinator.listGroups(request);
        if (passes(request.typesFilter(), SHARE)) {
            for (String groupId : groups.groupIds()) {
                String state = groups.hasMembers(groupId) ? "Stable" : "Empty";
                if (passes(request.statesFilter(), state)) {
                    response.groups().add(new ListGroupsResponseData.ListedGroup().setGroupId(groupId)
                            .setProtocolType(SHARE).setGroupState(state).setGroupType(SHARE));
                }
            }
        }
        if (authorizer.enabled() && !authorizer.authorizeCluster(context, AclOperation.DESCRIBE)) {
            response.groups().removeIf(group ->
                    !authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.GROUP, group.groupId()));
        }
        return CompletableFuture.completedFuture(response);
    }

    private static boolean passes(List<String> filter, String value) {
        return filter == null || filter.isEmpty() || filter.stream().anyMatch(value::equalsIgnoreCase);
    }
}
