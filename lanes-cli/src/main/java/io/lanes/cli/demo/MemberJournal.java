package io.lanes.cli.demo;

import io.lanes.cli.demo.RunRecord.Callback;
import io.lanes.cli.demo.RunRecord.CallbackKind;
import io.lanes.cli.demo.RunRecord.Delivery;
import io.lanes.cli.demo.RunRecord.MemberRecord;
import io.lanes.cli.demo.RunRecord.Ownership;
import io.lanes.cli.demo.RunRecord.Release;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one consumer did, written by its thread as it happens: every record it processed and
 * every rebalance-listener call. Thread-safe (the consumer thread writes, the run reads a
 * {@link #snapshot()}).
 */
final class MemberJournal {
    private final String group;
    private final String member;
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private final List<Ownership> ownerships = new ArrayList<>();
    private final Map<Integer, Integer> owned = new HashMap<>();
    private final Map<String, Integer> commitFailures = new TreeMap<>();
    private String failure;

    MemberJournal(String group, String member) {
        this.group = group;
        this.member = member;
    }

    String group() {
        return group;
    }

    synchronized void assigned(Collection<Integer> partitions, long startNanos, long endNanos) {
        callbacks.add(new Callback(CallbackKind.ASSIGNED, new HashSet<>(partitions), startNanos, endNanos));
        for (int partition : partitions) {
            owned.put(partition, ownerships.size());
            ownerships.add(new Ownership(partition, startNanos, Long.MAX_VALUE, Long.MAX_VALUE, Release.HELD));
        }
    }

    synchronized void released(CallbackKind kind, Collection<Integer> partitions, long startNanos, long endNanos) {
        callbacks.add(new Callback(kind, new HashSet<>(partitions), startNanos, endNanos));
        Release release = kind == CallbackKind.LOST ? Release.LOST : Release.REVOKED;
        for (int partition : partitions) {
            Integer index = owned.remove(partition);
            if (index != null) {
                Ownership held = ownerships.get(index);
                ownerships.set(index, new Ownership(partition, held.fromNanos(), startNanos, endNanos, release));
            }
        }
    }

    synchronized void delivered(int partition, long offset, int orderId, int seq, long atNanos) {
        deliveries.add(new Delivery(partition, offset, orderId, seq, atNanos, owned.getOrDefault(partition, -1)));
    }

    /** An offset commit was refused, e.g. {@code RebalanceInProgressException} during a rebalance. */
    synchronized void commitFailed(String reason) {
        commitFailures.merge(reason, 1, Integer::sum);
    }

    synchronized void failed(String reason) {
        failure = reason;
    }

    synchronized String failure() {
        return failure;
    }

    synchronized MemberRecord snapshot() {
        return new MemberRecord(group, member, ownerships, deliveries, callbacks, commitFailures, failure);
    }
}
