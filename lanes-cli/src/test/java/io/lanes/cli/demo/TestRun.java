package io.lanes.cli.demo;

import io.lanes.cli.demo.RunRecord.CallbackKind;
import io.lanes.cli.demo.RunRecord.Change;
import io.lanes.cli.demo.RunRecord.MembershipChange;
import io.lanes.cli.demo.RunRecord.ProducedEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds {@link RunRecord}s by hand for the check tests. Times are milliseconds since the start. */
final class TestRun {
    private static final long START = 1_000_000_000L;

    private final int partitions;
    private final List<String> groups;
    private final List<ProducedEvent> produced = new ArrayList<>();
    private final Map<Integer, Long> nextOffset = new HashMap<>();
    private final List<MemberJournal> members = new ArrayList<>();
    private final List<MembershipChange> changes = new ArrayList<>();
    private final Map<String, Map<Integer, Long>> committed = new HashMap<>();
    private final Map<Integer, Long> logEnd = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();

    TestRun(int partitions, String... groups) {
        this.partitions = partitions;
        this.groups = List.of(groups);
    }

    static long at(long millis) {
        return START + millis * 1_000_000L;
    }

    /** Appends an event to a partition (next offset) and returns its offset. */
    long produce(int partition, int orderId, int seq) {
        long offset = nextOffset.merge(partition, 1L, Long::sum) - 1;
        produced.add(new ProducedEvent(partition, offset, orderId, seq));
        logEnd.put(partition, offset + 1);
        return offset;
    }

    ProducedEvent event(int partition, long offset) {
        return produced.stream().filter(e -> e.partition() == partition && e.offset() == offset).findFirst()
                .orElseThrow();
    }

    Member member(String group, String name) {
        MemberJournal journal = new MemberJournal(group, name);
        members.add(journal);
        return new Member(journal);
    }

    TestRun change(String group, String member, Change change, long atMillis, boolean measured) {
        changes.add(new MembershipChange(group, member, change, at(atMillis), measured));
        return this;
    }

    TestRun commit(String group, int partition, long offset) {
        committed.computeIfAbsent(group, g -> new HashMap<>()).put(partition, offset);
        return this;
    }

    /** Every group committed the end of every partition. */
    TestRun commitEverything() {
        for (String group : groups) {
            for (int p = 0; p < partitions; p++) {
                commit(group, p, logEnd.getOrDefault(p, 0L));
            }
        }
        return this;
    }

    TestRun logEnd(int partition, long offset) {
        logEnd.put(partition, offset);
        return this;
    }

    TestRun error(String error) {
        errors.add(error);
        return this;
    }

    RunRecord build(long endMillis) {
        Map<Integer, Long> ends = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            ends.put(p, logEnd.getOrDefault(p, 0L));
        }
        return new RunRecord(partitions, groups, produced.size(), produced, members.stream().map(MemberJournal::snapshot).toList(),
                changes, committed, ends, errors, List.of(), START, at(endMillis));
    }

    /** One consumer's journal, written as its thread would. */
    static final class Member {
        private final MemberJournal journal;

        Member(MemberJournal journal) {
            this.journal = journal;
        }

        Member assign(long atMillis, Integer... partitions) {
            journal.assigned(Set.of(partitions), at(atMillis), at(atMillis));
            return this;
        }

        Member revoke(long fromMillis, long untilMillis, Integer... partitions) {
            journal.released(CallbackKind.REVOKED, Set.of(partitions), at(fromMillis), at(untilMillis));
            return this;
        }

        Member lose(long atMillis, Integer... partitions) {
            journal.released(CallbackKind.LOST, Set.of(partitions), at(atMillis), at(atMillis));
            return this;
        }

        Member deliver(long atMillis, int partition, long offset, int orderId, int seq) {
            journal.delivered(partition, offset, orderId, seq, at(atMillis));
            return this;
        }

        /** Delivers what was produced at these offsets, one millisecond apart from {@code atMillis}. */
        Member deliver(TestRun run, long atMillis, int partition, long... offsets) {
            long time = atMillis;
            for (long offset : offsets) {
                ProducedEvent event = run.event(partition, offset);
                deliver(time++, partition, offset, event.orderId(), event.seq());
            }
            return this;
        }
    }
}
