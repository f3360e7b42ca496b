package io.lanes.coordinator.group.streams;

import io.lanes.coordinator.group.records.StreamsGroupRecords.Tasks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Server-side task assignment with the behaviour of Kafka's sticky task assignor: every active task goes to exactly
 * one member, members get balanced counts (at most one apart), a task stays with the member that had it in the
 * previous target assignment while that member is under its share, and otherwise goes to the least loaded member
 * (ties by member id, so the result is deterministic). Then {@code numStandbyReplicas} standby copies of every task
 * go to the least loaded members of other processes than the one running it actively (preferring members that
 * already had that standby, then those that reported the most state of that task), never two copies on one process;
 * with fewer processes fewer standbys are assigned.
 * Warm-up tasks are not assigned (Kafka 4.4 assigns none either: its assignment refiner keeps the target as is).
 *
 * <p>Stateless; thread-safe.
 */
final class StickyTaskAssignor {
    /** The name Kafka gives its sticky task assignor, as StreamsGroupDescribe v1 reports it (AssignorName). */
    static final String NAME = "sticky";

    /**
     * A member as the assignor sees it: its process, what it had in the previous target assignment and the task
     * offsets it reported (how much state of each task it has).
     */
    record MemberSpec(String memberId, String processId, Tasks previous, MemberTaskOffsets offsets) {
    }

    private record Task(String subtopology, int partition) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = subtopology.compareTo(o.subtopology);
            return c != 0 ? c : Integer.compare(partition, o.partition);
        }
    }

    private StickyTaskAssignor() {
    }

    /**
     * @param tasksPerSubtopology subtopology id to its task count
     * @param members             the members, in any order
     * @return member id to its target tasks (an entry for every member)
     */
    static Map<String, Tasks> assign(SortedMap<String, Integer> tasksPerSubtopology, List<MemberSpec> members,
                                     int numStandbyReplicas) {
        Map<String, Tasks> out = new TreeMap<>();
        if (members.isEmpty()) {
            return out;
        }
        List<MemberSpec> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(MemberSpec::memberId));
        List<Task> tasks = new ArrayList<>();
        tasksPerSubtopology.forEach((id, count) -> {
            for (int p = 0; p < count; p++) {
                tasks.add(new Task(id, p));
            }
        });
        Map<String, Set<Task>> active = new HashMap<>();
        Map<String, Integer> load = new HashMap<>();
        sorted.forEach(m -> {
            active.put(m.memberId(), new TreeSet<>());
            load.put(m.memberId(), 0);
        });
        int quota = (tasks.size() + sorted.size() - 1) / sorted.size();
        Set<Task> unassigned = new TreeSet<>(tasks);
        // stickiness: previous owners keep their tasks up to their share
        for (MemberSpec m : sorted) {
            for (Task t : tasksOf(m.previous().active())) {
                if (unassigned.contains(t) && load.get(m.memberId()) < quota) {
                    active.get(m.memberId()).add(t);
                    load.merge(m.memberId(), 1, Integer::sum);
                    unassigned.remove(t);
                }
            }
        }
        for (Task t : unassigned) {
            String least = leastLoaded(sorted, load, m -> true);
            active.get(least).add(t);
            load.merge(least, 1, Integer::sum);
        }
        rebalance(sorted, active, load);

        Map<String, Set<Task>> standby = new HashMap<>();
        sorted.forEach(m -> standby.put(m.memberId(), new TreeSet<>()));
        if (numStandbyReplicas > 0) {
            Map<String, String> processOf = new HashMap<>();
            sorted.forEach(m -> processOf.put(m.memberId(), m.processId()));
            Map<Task, String> activeOwner = new HashMap<>();
            active.forEach((member, owned) -> owned.forEach(t -> activeOwner.put(t, member)));
            for (Task t : tasks) {
                Set<String> usedProcesses = new HashSet<>();
                usedProcesses.add(processOf.get(activeOwner.get(t)));
                for (int copy = 0; copy < numStandbyReplicas; copy++) {
                    String previous = standbyCandidate(sorted, t, usedProcesses);
                    String chosen = previous != null ? previous
                            : leastLoaded(sorted, load, m -> !usedProcesses.contains(m.processId()));
                    if (chosen == null) {
                        break;
                    }
                    standby.get(chosen).add(t);
                    load.merge(chosen, 1, Integer::sum);
                    usedProcesses.add(processOf.get(chosen));
                }
            }
        }
        for (MemberSpec m : sorted) {
            out.put(m.memberId(), Tasks.of(byId(active.get(m.memberId())), byId(standby.get(m.memberId())), Map.of()));
        }
        return out;
    }

    /**
     * Where a standby copy of {@code t} goes first, as Kafka 4.4 ranks its candidates: a member on an unused process
     * that had it as a standby, else one that reported state (an offset) for it, the most state first; null if none.
     */
    private static String standbyCandidate(List<MemberSpec> members, Task t, Set<String> usedProcesses) {
        MemberSpec best = null;
        for (MemberSpec m : members) {
            if (usedProcesses.contains(m.processId())) {
                continue;
            }
            if (tasksOf(m.previous().standby()).contains(t)) {
                return m.memberId();
            }
            long state = m.offsets().offset(t.subtopology(), t.partition());
            if (state > 0 && (best == null || state > best.offsets().offset(t.subtopology(), t.partition()))) {
                best = m;
            }
        }
        return best == null ? null : best.memberId();
    }

    /** Moves tasks from members above the ceiling share to those below the floor, so counts differ by at most 1. */
    private static void rebalance(List<MemberSpec> members, Map<String, Set<Task>> active, Map<String, Integer> load) {
        while (true) {
            String most = null;
            String least = null;
            for (MemberSpec m : members) {
                int n = active.get(m.memberId()).size();
                if (most == null || n > active.get(most).size()) {
                    most = m.memberId();
                }
                if (least == null || n < active.get(least).size()) {
                    least = m.memberId();
                }
            }
            if (active.get(most).size() - active.get(least).size() <= 1) {
                return;
            }
            Task moved = ((TreeSet<Task>) active.get(most)).last();
            active.get(most).remove(moved);
            active.get(least).add(moved);
            load.merge(most, -1, Integer::sum);
            load.merge(least, 1, Integer::sum);
        }
    }

    private static String leastLoaded(List<MemberSpec> members, Map<String, Integer> load,
                                      java.util.function.Predicate<MemberSpec> allowed) {
        String best = null;
        for (MemberSpec m : members) {
            if (allowed.test(m) && (best == null || load.get(m.memberId()) < load.get(best))) {
                best = m.memberId();
            }
        }
        return best;
    }

    private static Set<Task> tasksOf(Map<String, ? extends Set<Integer>> tasks) {
        Set<Task> out = new TreeSet<>();
        tasks.forEach((id, parts) -> parts.forEach(p -> out.add(new Task(id, p))));
        return out;
    }

    private static Map<String, List<Integer>> byId(Set<Task> tasks) {
        Map<String, List<Integer>> out = new TreeMap<>();
        tasks.forEach(t -> out.computeIfAbsent(t.subtopology(), k -> new ArrayList<>()).add(t.partition()));
        return out;
    }
}
