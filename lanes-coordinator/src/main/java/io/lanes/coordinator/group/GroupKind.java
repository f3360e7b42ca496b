package io.lanes.coordinator.group;

import io.lanes.coordinator.group.records.GroupRecordKey;

import java.nio.ByteBuffer;

/**
 * One kind of group (classic groups, KIP-848 consumer groups) as its {@link GroupShard} sees it:
 * the records of that kind it replays, and what it does once loading ends. The shard knows its
 * kinds only through this interface, so the kinds depend on the shard and never the other way.
 *
 * <p>Called under the shard's lock only.
 */
public interface GroupKind {
    /**
     * Applies a record if it is one of this kind's: the only code that changes groups of the kind,
     * at start-up and right after {@link GroupShard#write}.
     *
     * @param value the record's value, or null for a tombstone
     * @return false if the record is not of this kind (another kind gets it)
     */
    boolean replay(GroupRecordKey key, ByteBuffer value);

    /** After loading, once for each group of the shard: restores what is not persisted (timers) for the kind's groups. */
    void onLoaded(Group group);
}
