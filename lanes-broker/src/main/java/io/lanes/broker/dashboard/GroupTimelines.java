package io.lanes.broker.dashboard;

import io.lanes.coordinator.group.timeline.PartitionMove;
import io.lanes.coordinator.group.timeline.RebalanceEvent;
import io.lanes.coordinator.group.timeline.RebalanceTimeline;
import io.lanes.coordinator.group.timeline.RebalanceTimeline.GroupTimeline;

import java.util.List;
import java.util.Map;

/**
 * The rebalance timeline as served at {@code /api/groups/timeline} (JSON): without parameters the
 * {@value #MAX_GROUPS} groups with the most recent events, each with its latest {@value #EVENTS_PER_GROUP}
 * events; with {@code ?group=G} only group G with every event kept (up to
 * {@value RebalanceTimeline#DEFAULT_EVENTS_PER_GROUP}), or no group if nothing is known about it. Events are
 * newest first; see {@link RebalanceEvent} for their fields. Group and member ids are user data.
 *
 * @param timeMs when it was taken (broker clock, ms)
 * @param groups the groups, the one with the latest event first
 */
public record GroupTimelines(long timeMs, List<GroupTimeline> groups) {
    static final int MAX_GROUPS = 50;
    static final int EVENTS_PER_GROUP = 20;

    /** The view for the query parameters of a request. */
    public static GroupTimelines of(RebalanceTimeline timeline, Map<String, List<String>> query, long nowMs) {
        List<String> group = query.get("group");
        if (group == null || group.isEmpty()) {
            return new GroupTimelines(nowMs, timeline.latest(MAX_GROUPS, EVENTS_PER_GROUP));
        }
        GroupTimeline one = timeline.group(group.get(0));
        return new GroupTimelines(nowMs, one.events().isEmpty() ? List.of() : List.of(one));
    }

    /** The group's latest events for the overview, with at most {@code maxMoves} moves listed each. */
    static List<RebalanceEvent> latest(RebalanceTimeline timeline, String groupId, int maxEvents, int maxMoves) {
        return timeline.group(groupId).events().stream().limit(maxEvents).map(e -> e.moves().size() <= maxMoves ? e
                : new RebalanceEvent(e.timeMs(), e.kind(), e.memberId(), e.generation(), e.detail(), e.unownedMs(),
                        e.moved(), List.<PartitionMove>copyOf(e.moves().subList(0, maxMoves)))).toList();
    }
}
