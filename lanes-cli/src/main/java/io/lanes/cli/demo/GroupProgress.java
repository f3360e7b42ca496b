package io.lanes.cli.demo;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Live per-partition state of one consumer group, for the view and for deciding when the run
 * may move on: records processed, the next offset to process, and the current owner.
 * Thread-safe: consumer threads write, the view and the run read.
 */
final class GroupProgress {
    private final String group;
    private final int partitions;
    private final AtomicLongArray consumed;
    private final AtomicLongArray next;
    private final AtomicReferenceArray<String> owners;
    private volatile long lastCallbackNanos;

    GroupProgress(String group, int partitions) {
        this.group = group;
        this.partitions = partitions;
        this.consumed = new AtomicLongArray(partitions);
        this.next = new AtomicLongArray(partitions);
        this.owners = new AtomicReferenceArray<>(partitions);
    }

    String group() {
        return group;
    }

    void assigned(Collection<Integer> assigned, String member) {
        for (int partition : assigned) {
            owners.set(partition, member);
        }
        lastCallbackNanos = System.nanoTime();
    }

    void released(Collection<Integer> released, String member) {
        for (int partition : released) {
            owners.compareAndSet(partition, member, null);
        }
        lastCallbackNanos = System.nanoTime();
    }

    void releaseAll(String member) {
        for (int partition = 0; partition < partitions; partition++) {
            owners.compareAndSet(partition, member, null);
        }
    }

    void consumed(int partition, long offset) {
        consumed.incrementAndGet(partition);
        next.accumulateAndGet(partition, offset + 1, Math::max);
    }

    long consumed(int partition) {
        return consumed.get(partition);
    }

    /** One past the highest offset the group processed on a partition. */
    long next(int partition) {
        return next.get(partition);
    }

    /** The consumer owning a partition, or null. */
    String owner(int partition) {
        return owners.get(partition);
    }

    boolean allOwned() {
        for (int partition = 0; partition < partitions; partition++) {
            if (owners.get(partition) == null) {
                return false;
            }
        }
        return true;
    }

    boolean owns(String member) {
        for (int partition = 0; partition < partitions; partition++) {
            if (member.equals(owners.get(partition))) {
                return true;
            }
        }
        return false;
    }

    long lastCallbackNanos() {
        return lastCallbackNanos;
    }
}
