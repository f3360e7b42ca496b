package io.lanes.coordinator.group.streams;

import io.lanes.coordinator.group.records.StreamsGroupRecords.Tasks;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Moves a member towards its target assignment as Kafka's streams CurrentAssignmentBuilder does: tasks leave a
 * member before new ones arrive. A member with tasks to give up keeps its epoch, gets only the tasks it may keep and
 * is UNREVOKED_TASKS until a heartbeat reports that it owns none of the revoked tasks; then it gets the target epoch
 * and the target tasks except active tasks another member still runs or revokes (UNRELEASED_TASKS until they are
 * released), else it is STABLE. Stateless.
 */
final class TaskReconciler {

    /** Whether another member still holds an active task. */
    interface ActiveElsewhere {
        boolean test(String subtopology, int partition);
    }

    private TaskReconciler() {
    }

    /**
     * Updates {@code member} (a copy) in place.
     *
     * @param owned what the member reports it owns (null fields if it did not report)
     */
    static void reconcile(StreamsMember member, int targetEpoch, Tasks target, Owned owned, ActiveElsewhere elsewhere) {
        switch (member.state) {
            case UNREVOKED_TASKS -> {
                if (owned != null && !owned.containsAny(member.pendingRevocation)) {
                    next(member, targetEpoch, target, elsewhere);
                }
            }
            case UNRELEASED_TASKS, UNKNOWN -> next(member, targetEpoch, target, elsewhere);
            case STABLE -> {
                if (member.memberEpoch != targetEpoch) {
                    next(member, targetEpoch, target, elsewhere);
                }
            }
        }
    }

    private static void next(StreamsMember member, int targetEpoch, Tasks target, ActiveElsewhere elsewhere) {
        Tasks keep = Tasks.of(intersect(member.assigned.active(), target.active()),
                intersect(member.assigned.standby(), target.standby()),
                intersect(member.assigned.warmup(), target.warmup()));
        Tasks revoke = Tasks.of(minus(member.assigned.active(), target.active()),
                minus(member.assigned.standby(), target.standby()),
                minus(member.assigned.warmup(), target.warmup()));
        if (!revoke.isEmpty()) {
            member.state = StreamsMember.State.UNREVOKED_TASKS;
            member.assigned = keep;
            member.pendingRevocation = revoke;
            return;
        }
        Map<String, Set<Integer>> active = new TreeMap<>();
        boolean unreleased = false;
        for (Map.Entry<String, SortedSet<Integer>> e : target.active().entrySet()) {
            for (int p : e.getValue()) {
                boolean mine = member.assigned.active().getOrDefault(e.getKey(), new TreeSet<>()).contains(p);
                if (mine || !elsewhere.test(e.getKey(), p)) {
                    active.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(p);
                } else {
                    unreleased = true;
                }
            }
        }
        member.assigned = Tasks.of(active, target.standby(), target.warmup());
        member.pendingRevocation = Tasks.EMPTY;
        member.state = unreleased ? StreamsMember.State.UNRELEASED_TASKS : StreamsMember.State.STABLE;
        if (member.memberEpoch != targetEpoch) {
            member.previousMemberEpoch = member.memberEpoch;
            member.memberEpoch = targetEpoch;
        }
    }

    private static Map<String, Set<Integer>> intersect(SortedMap<String, SortedSet<Integer>> a,
                                                       SortedMap<String, SortedSet<Integer>> b) {
        Map<String, Set<Integer>> out = new TreeMap<>();
        a.forEach((id, parts) -> {
            Set<Integer> both = new TreeSet<>(parts);
            both.retainAll(b.getOrDefault(id, new TreeSet<>()));
            out.put(id, both);
        });
        return out;
    }

    private static Map<String, Set<Integer>> minus(SortedMap<String, SortedSet<Integer>> a,
                                                   SortedMap<String, SortedSet<Integer>> b) {
        Map<String, Set<Integer>> out = new TreeMap<>();
        a.forEach((id, parts) -> {
            Set<Integer> rest = new TreeSet<>(parts);
            rest.removeAll(b.getOrDefault(id, new TreeSet<>()));
            out.put(id, rest);
        });
        return out;
    }

    /** The tasks a member reported owning in a heartbeat (all three lists, or none). */
    record Owned(Tasks tasks) {
        static Owned of(StreamsGroupHeartbeatRequestData request) {
            if (request.activeTasks() == null || request.standbyTasks() == null || request.warmupTasks() == null) {
                return null;
            }
            return new Owned(Tasks.of(toMap(request.activeTasks()), toMap(request.standbyTasks()),
                    toMap(request.warmupTasks())));
        }

        boolean containsAny(Tasks revoked) {
            return overlaps(tasks.active(), revoked.active()) || overlaps(tasks.standby(), revoked.standby())
                    || overlaps(tasks.warmup(), revoked.warmup());
        }

        /** True when every reported task is one the member is assigned. */
        boolean within(Tasks assigned) {
            return subset(tasks.active(), assigned.active()) && subset(tasks.standby(), assigned.standby())
                    && subset(tasks.warmup(), assigned.warmup());
        }

        private static boolean overlaps(SortedMap<String, SortedSet<Integer>> a, SortedMap<String, SortedSet<Integer>> b) {
            for (Map.Entry<String, SortedSet<Integer>> e : a.entrySet()) {
                SortedSet<Integer> other = b.get(e.getKey());
                if (other != null && e.getValue().stream().anyMatch(other::contains)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean subset(SortedMap<String, SortedSet<Integer>> a, SortedMap<String, SortedSet<Integer>> b) {
            for (Map.Entry<String, SortedSet<Integer>> e : a.entrySet()) {
                SortedSet<Integer> other = b.get(e.getKey());
                if (other == null || !other.containsAll(e.getValue())) {
                    return false;
                }
            }
            return true;
        }

        static Map<String, List<Integer>> toMap(List<StreamsGroupHeartbeatRequestData.TaskIds> tasks) {
            Map<String, List<Integer>> out = new TreeMap<>();
            for (StreamsGroupHeartbeatRequestData.TaskIds t : tasks) {
                out.computeIfAbsent(t.subtopologyId(), k -> new java.util.ArrayList<>()).addAll(t.partitions());
            }
            return out;
        }
    }
}
