package io.lanes.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a demo run observed, as plain values: what the producer had acknowledged, what
 * every consumer processed and when it owned which partition, the membership changes the demo
 * made, and the offsets the broker reported at the end. The checks read only this, so they can
 * be tested with hand-made runs.
 *
 * <p>Times are {@link System#nanoTime()} values; {@code startNanos} is the run's zero.
 *
 * @param partitions     partitions of the topic
 * @param groups         the consumer groups, in display order
 * @param plannedEvents  how many events the run meant to produce
 * @param produced       every event the producer had acknowledged
 * @param members        every consumer that ran, in start order
 * @param changes        membership changes, in time order
 * @param committed      per group, the committed offset of each partition at the end (absent: none)
 * @param logEndOffsets  the log end offset of each partition at the end, as the broker reported it
 * @param errors         what went wrong in the clients or the run itself (producer errors, timeouts)
 * @param notes          other observations worth printing with the verdict (e.g. acknowledgement latency)
 * @param startNanos     the run's zero
 * @param endNanos       when consumption ended (before the consumers were closed)
 */
record RunRecord(int partitions, List<String> groups, int plannedEvents, List<ProducedEvent> produced, List<MemberRecord> members,
                 List<MembershipChange> changes, Map<String, Map<Integer, Long>> committed,
                 Map<Integer, Long> logEndOffsets, List<String> errors, List<String> notes, long startNanos,
                 long endNanos) {

    RunRecord {
        groups = List.copyOf(groups);
        produced = List.copyOf(produced);
        members = List.copyOf(members);
        changes = List.copyOf(changes);
        committed = Map.copyOf(committed);
        logEndOffsets = Map.copyOf(logEndOffsets);
        errors = List.copyOf(errors);
        notes = List.copyOf(notes);
    }

    /** The members of one group, in start order. */
    List<MemberRecord> members(String group) {
        List<MemberRecord> result = new ArrayList<>();
        for (MemberRecord member : members) {
            if (member.group().equals(group)) {
                result.add(member);
            }
        }
        return result;
    }

    /** The membership changes of one group, in time order. */
    List<MembershipChange> changes(String group) {
        return changes.stream().filter(c -> c.group().equals(group)).toList();
    }

    /** Seconds since the start of the run, for messages: {@code 7.31s}. */
    String at(long nanos) {
        return String.format("%.2fs", (nanos - startNanos) / 1e9);
    }

    /** An event the producer sent and the broker acknowledged at {@code partition}/{@code offset}. */
    record ProducedEvent(int partition, long offset, int orderId, int seq) {
    }

    /**
     * One record a consumer processed, in processing order. {@code ownership} is the index in the
     * member's {@link MemberRecord#ownerships()} of the ownership it arrived under, or -1 when the
     * consumer did not own the partition at the time (which the ownership check reports).
     * {@code orderId} and {@code seq} are -1 when the record could not be read as an order event.
     */
    record Delivery(int partition, long offset, int orderId, int seq, long atNanos, int ownership) {
    }

    /**
     * One period during which a consumer owned a partition: from the start of the
     * {@code onPartitionsAssigned} call that gave it, to the end of the {@code onPartitionsRevoked}
     * or {@code onPartitionsLost} call that took it ({@code releasingNanos} is the start of that
     * call). A partition still held when the record was taken has {@link Release#HELD} and
     * {@code untilNanos = Long.MAX_VALUE}.
     */
    record Ownership(int partition, long fromNanos, long releasingNanos, long untilNanos, Release release) {
        boolean overlaps(Ownership other) {
            return fromNanos < other.untilNanos && other.fromNanos < untilNanos;
        }
    }

    /** How an ownership ended. */
    enum Release { REVOKED, LOST, HELD }

    /** One rebalance-listener call, empty ones included. */
    record Callback(CallbackKind kind, Set<Integer> partitions, long startNanos, long endNanos) {
        Callback {
            partitions = Set.copyOf(new TreeSet<>(partitions));
        }
    }

    enum CallbackKind { ASSIGNED, REVOKED, LOST }

    /**
     * What one consumer did. {@code failure} is null unless its thread ended with an error;
     * {@code commitFailures} counts refused offset commits by exception name (they are retried
     * or, if the partition is lost meanwhile, its records are redelivered).
     */
    record MemberRecord(String group, String member, List<Ownership> ownerships, List<Delivery> deliveries,
                        List<Callback> callbacks, Map<String, Integer> commitFailures, String failure) {
        MemberRecord {
            ownerships = List.copyOf(ownerships);
            deliveries = List.copyOf(deliveries);
            callbacks = List.copyOf(callbacks);
            commitFailures = Map.copyOf(commitFailures);
        }
    }

    /**
     * A consumer the demo started or stopped. {@code measured} changes are the ones made while
     * events flow, whose rebalances the verdict times; the initial joins and the final shutdown
     * are not.
     */
    record MembershipChange(String group, String member, Change change, long atNanos, boolean measured) {
        String describe() {
            return member + (change == Change.JOINED ? " joined" : " left");
        }
    }

    enum Change { JOINED, LEFT }
}
