package io.lanes.coordinator.group.streams;

import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData.TaskOffset;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The changelog offsets a streams group member last reported for its tasks (StreamsGroupHeartbeat TaskOffsets, the
 * sum over a task's changelogs) and their end offsets (TaskEndOffsets): subtopology id to partition to offset.
 * Kafka 4.4 keeps them in memory only (a restarted coordinator knows none until members report again), describes
 * them, and its sticky assignor prefers the members with the most state of a task for its standby copies. Immutable.
 */
record MemberTaskOffsets(SortedMap<String, SortedMap<Integer, Long>> offsets,
                         SortedMap<String, SortedMap<Integer, Long>> endOffsets) {
    static final MemberTaskOffsets EMPTY = new MemberTaskOffsets(Collections.emptySortedMap(),
            Collections.emptySortedMap());

    /**
     * What a heartbeat reports on top of this: a list replaces the previous one, null keeps it.
     *
     * @throws InvalidRequestException if a list names a task twice, as Kafka answers
     */
    MemberTaskOffsets update(List<TaskOffset> reportedOffsets, List<TaskOffset> reportedEndOffsets) {
        return new MemberTaskOffsets(reportedOffsets == null ? offsets : nested(reportedOffsets),
                reportedEndOffsets == null ? endOffsets : nested(reportedEndOffsets));
    }

    /** The reported offset (sum) of a task, 0 if the member reported none. */
    long offset(String subtopologyId, int partition) {
        return offsets.getOrDefault(subtopologyId, Collections.emptySortedMap()).getOrDefault(partition, 0L);
    }

    private static SortedMap<String, SortedMap<Integer, Long>> nested(List<TaskOffset> reported) {
        SortedMap<String, SortedMap<Integer, Long>> out = new TreeMap<>();
        for (TaskOffset t : reported) {
            if (out.computeIfAbsent(t.subtopologyId(), k -> new TreeMap<>()).putIfAbsent(t.partition(), t.offset())
                    != null) {
                throw new InvalidRequestException("Task offsets contain a duplicate entry for subtopology "
                        + t.subtopologyId() + " and partition " + t.partition() + ".");
            }
        }
        return out;
    }
}
