package io.lanes.coordinator.share;

import java.util.List;

/**
 * What one settlement of a share-partition changes durably: the ShareUpdateValue of {@code __share_group_state}.
 * {@code startOffset} is the new start offset, or -1 when it does not move; each batch gives the new state and
 * delivery count of its offsets. Immutable.
 */
public record ShareStateChange(long startOffset, List<StateBatch> batches) {
    public static final long NO_START_OFFSET = -1L;

    public ShareStateChange {
        batches = List.copyOf(batches);
    }

    public boolean isEmpty() {
        return startOffset == NO_START_OFFSET && batches.isEmpty();
    }
}
