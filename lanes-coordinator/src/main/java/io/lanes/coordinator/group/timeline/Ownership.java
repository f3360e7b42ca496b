package io.lanes.coordinator.group.timeline;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who owns each partition of one group, as the timeline last saw it, and since when each partition given up by
 * its owner has had none. Each {@link #update} compares the owners now with the last ones and returns the
 * partitions that moved. In memory only; after a restart it starts from the restored owners ({@link #reset}).
 *
 * <p>Not thread-safe: used under the lock of the group's shard.
 */
public final class Ownership {
    private Map<TopicPartition, String> owners = new HashMap<>();
    /** The same, by owner. */
    private final Map<String, Set<TopicPartition>> byOwner = new HashMap<>();
    private final Map<TopicPartition, Released> released = new HashMap<>();

    /** A partition its owner gave up, waiting for the next owner. */
    private record Released(String from, long sinceMs) {
    }

    /** Takes {@code owners} as the current owners without reporting moves (state restored at start-up). */
    public void reset(Map<TopicPartition, String> owners) {
        this.owners = new HashMap<>(owners);
        released.clear();
        indexByOwner();
    }

    private void indexByOwner() {
        byOwner.clear();
        owners.forEach((tp, owner) -> byOwner.computeIfAbsent(owner, o -> new HashSet<>()).add(tp));
    }

    /**
     * A classic group's new assignment: every partition whose owner changed since the last assignment moved, and
     * was without owner for {@code groupUnownedMs} (the rebalance; -1 for partitions nobody owns now).
     */
    public List<PartitionMove> assign(Map<TopicPartition, String> now, long groupUnownedMs) {
        List<PartitionMove> moves = new ArrayList<>();
        now.forEach((tp, owner) -> {
            String before = owners.get(tp);
            if (!owner.equals(before)) {
                moves.add(new PartitionMove(tp.topic(), tp.partition(), before, owner, groupUnownedMs));
            }
        });
        owners.forEach((tp, before) -> {
            if (!now.containsKey(tp)) {
                moves.add(new PartitionMove(tp.topic(), tp.partition(), before, null, -1));
            }
        });
        owners = new HashMap<>(now);
        indexByOwner();
        return moves;
    }

    /**
     * A consumer group's owners after a change (owned means assigned or still being revoked): a partition that
     * goes straight from one member to another moved with 0 ms unowned; one its owner gave up is remembered and
     * reported when the next member owns it, with the time in between (from -1 if nobody owned it before).
     */
    public List<PartitionMove> update(Map<TopicPartition, String> now, long nowMs) {
        List<PartitionMove> moves = new ArrayList<>();
        owners.forEach((tp, before) -> {
            if (!now.containsKey(tp)) {
                released.put(tp, new Released(before, nowMs));
            }
        });
        now.forEach((tp, owner) -> {
            String before = owners.get(tp);
            if (before == null) {
                Released r = released.remove(tp);
                moves.add(new PartitionMove(tp.topic(), tp.partition(), r == null ? null : r.from(), owner,
                        r == null ? -1 : Math.max(0, nowMs - r.sinceMs())));
            } else if (!Objects.equals(before, owner)) {
                moves.add(new PartitionMove(tp.topic(), tp.partition(), before, owner, 0));
            }
        });
        owners = new HashMap<>(now);
        indexByOwner();
        return moves;
    }

    /**
     * Like {@link #update}, but told only the owners whose partitions changed (what each owns now; nothing for
     * one that left): the others keep theirs, so the cost follows what changed, not the group's size.
     */
    public List<PartitionMove> updateOwners(Map<String, ? extends Collection<TopicPartition>> changed, long nowMs) {
        List<PartitionMove> moves = new ArrayList<>();
        changed.forEach((owner, now) -> {
            Set<TopicPartition> before = byOwner.remove(owner);
            if (before != null) {
                for (TopicPartition tp : before) {
                    if (!now.contains(tp) && owner.equals(owners.get(tp))) {
                        owners.remove(tp);
                        released.put(tp, new Released(owner, nowMs));
                    }
                }
            }
        });
        changed.forEach((owner, now) -> {
            for (TopicPartition tp : now) {
                String before = owners.put(tp, owner);
                if (before == null) {
                    Released r = released.remove(tp);
                    moves.add(new PartitionMove(tp.topic(), tp.partition(), r == null ? null : r.from(), owner,
                            r == null ? -1 : Math.max(0, nowMs - r.sinceMs())));
                } else if (!before.equals(owner)) {
                    Set<TopicPartition> previous = byOwner.get(before);
                    if (previous != null) {
                        previous.remove(tp);
                    }
                    moves.add(new PartitionMove(tp.topic(), tp.partition(), before, owner, 0));
                }
            }
            if (!now.isEmpty()) {
                byOwner.put(owner, new HashSet<>(now));
            }
        });
        return moves;
    }
}