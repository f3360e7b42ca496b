package io.lanes.coordinator.group.streams;

import io.lanes.coordinator.group.records.StreamsGroupRecords.Tasks;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StickyTaskAssignor} over random topologies, groups and previous assignments: every active task runs exactly
 * once, counts differ by at most one, a member under its share keeps every active task it had, and standby copies
 * never share a process with the active copy or with each other.
 */
class StickyTaskAssignorPropertiesTest {

    record Scenario(SortedMap<String, Integer> tasks, int members, int processes, int standbys, long seed) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<SortedMap<String, Integer>> tasks = Arbitraries.integers().between(1, 8).list().ofMinSize(1)
                .ofMaxSize(4).map(counts -> {
                    SortedMap<String, Integer> out = new TreeMap<>();
                    for (int i = 0; i < counts.size(); i++) {
                        out.put(String.valueOf(i), counts.get(i));
                    }
                    return out;
                });
        return Combinators.combine(tasks, Arbitraries.integers().between(1, 7), Arbitraries.integers().between(1, 7),
                Arbitraries.integers().between(0, 2), Arbitraries.longs()).as(Scenario::new);
    }

    @Property(tries = 300, seed = "20261207")
    void shouldRunEveryTaskOnceBalancedAndStickyWhenMembersComeAndGo(@ForAll("scenarios") Scenario s,
                                                                     @ForAll @IntRange(min = 0, max = 3) int leaving) {
        // given a previous assignment of the same tasks to a group from which some members left
        java.util.Random random = new java.util.Random(s.seed());
        List<StickyTaskAssignor.MemberSpec> first = members(s.members(), s.processes(), Map.of());
        Map<String, Tasks> previous = StickyTaskAssignor.assign(s.tasks(), first, s.standbys());
        List<StickyTaskAssignor.MemberSpec> now = new ArrayList<>(members(s.members() + 1, s.processes(), previous));
        for (int i = 0; i < leaving && now.size() > 1; i++) {
            now.remove(random.nextInt(now.size()));
        }

        // when
        Map<String, Tasks> assignment = StickyTaskAssignor.assign(s.tasks(), now, s.standbys());

        // then
        List<String> active = new ArrayList<>();
        assignment.values().forEach(t -> active.addAll(ids(t.active())));
        Set<String> all = new TreeSet<>();
        s.tasks().forEach((id, n) -> {
            for (int p = 0; p < n; p++) {
                all.add(id + "_" + p);
            }
        });
        assertThat(active).hasSameSizeAs(all).containsExactlyInAnyOrderElementsOf(all);
        int min = assignment.values().stream().mapToInt(t -> ids(t.active()).size()).min().orElse(0);
        int max = assignment.values().stream().mapToInt(t -> ids(t.active()).size()).max().orElse(0);
        assertThat(max - min).isLessThanOrEqualTo(1);
        int quota = (all.size() + now.size() - 1) / now.size();
        for (StickyTaskAssignor.MemberSpec m : now) {
            Set<String> had = ids(m.previous().active());
            if (had.size() <= quota - 1) {
                assertThat(ids(assignment.get(m.memberId()).active())).as("member %s keeps its tasks", m.memberId())
                        .containsAll(had);
            }
        }
        Map<String, String> processOf = new TreeMap<>();
        now.forEach(m -> processOf.put(m.memberId(), m.processId()));
        Map<String, String> activeProcess = new TreeMap<>();
        assignment.forEach((member, t) -> ids(t.active()).forEach(task -> activeProcess.put(task, processOf.get(member))));
        Map<String, Set<String>> standbyProcesses = new TreeMap<>();
        assignment.forEach((member, t) -> ids(t.standby()).forEach(task -> {
            String process = processOf.get(member);
            assertThat(process).as("standby of %s beside its active copy", task).isNotEqualTo(activeProcess.get(task));
            assertThat(standbyProcesses.computeIfAbsent(task, k -> new HashSet<>()).add(process))
                    .as("two standbys of %s on one process", task).isTrue();
        }));
        standbyProcesses.values().forEach(p -> assertThat(p.size()).isLessThanOrEqualTo(s.standbys()));
    }

    private static List<StickyTaskAssignor.MemberSpec> members(int count, int processes, Map<String, Tasks> previous) {
        List<StickyTaskAssignor.MemberSpec> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "m" + i;
            out.add(new StickyTaskAssignor.MemberSpec(id, "p" + (i % processes), previous.getOrDefault(id, Tasks.EMPTY),
                    MemberTaskOffsets.EMPTY));
        }
        return out;
    }

    private static Set<String> ids(Map<String, ? extends Set<Integer>> tasks) {
        Set<String> out = new TreeSet<>();
        tasks.forEach((id, parts) -> parts.forEach(p -> out.add(id + "_" + p)));
        return out;
    }
}
