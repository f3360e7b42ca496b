package io.lanes.broker.share;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.group.GroupCoordinator;
import io.lanes.coordinator.share.ShareGroups;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ListGroups with share groups: the group coordinator's groups, then the share groups (protocol type and group type
 * {@code share}, state Stable with members, Empty without) that pass the request's state and type filters (compared
 * ignoring case, as Kafka does).
 */
final class ListGroupsWithShareGroupsHandler implements ApiHandler<ListGroupsRequestData> {
    private static final String SHARE = "share";

    private final GroupCoordinator coordinator;
    private final ShareGroups groups;

    ListGroupsWithShareGroupsHandler(GroupCoordinator coordinator, ShareGroups groups) {
        this.coordinator = coordinator;
        this.groups = groups;
    }

    @Override
    public CompletableFuture<ListGroupsResponseData> handle(RequestContext context, ListGroupsRequestData request) {
        ListGroupsResponseData response = coordinator.listGroups(request);
        if (!passes(request.typesFilter(), SHARE)) {
            return CompletableFuture.completedFuture(response);
        }
        for (String groupId : groups.groupIds()) {
            String state = groups.hasMembers(groupId) ? "Stable" : "Empty";
            if (passes(request.statesFilter(), state)) {
                response.groups().add(new ListGroupsResponseData.ListedGroup().setGroupId(groupId)
                        .setProtocolType(SHARE).setGroupState(state).setGroupType(SHARE));
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private static boolean passes(List<String> filter, String value) {
        return filter == null || filter.isEmpty() || filter.stream().anyMatch(value::equalsIgnoreCase);
    }
}
