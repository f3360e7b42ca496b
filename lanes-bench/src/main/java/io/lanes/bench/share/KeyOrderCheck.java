package io.lanes.bench.share;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts per-key order violations while records are handled: handling a record of a key (in one partition) while
 * another record of that key is being handled, or after a later record of that key was handled. Records without a
 * key ask for no order and are not checked.
 *
 * <p>Thread-safe: every method is synchronized (handler threads of all consumers report into one check).
 */
final class KeyOrderCheck {

    private record PartitionKey(int partition, String key) {
    }

    private final Map<PartitionKey, Long> handling = new HashMap<>();
    private final Map<PartitionKey, Long> lastHandled = new HashMap<>();
    private long violations;

    /** A handler starts on a record; counts a violation when its key is busy or already past this offset. */
    synchronized void begin(int partition, String key, long offset) {
        if (key == null) {
            return;
        }
        PartitionKey id = new PartitionKey(partition, key);
        Long busy = handling.putIfAbsent(id, offset);
        Long last = lastHandled.get(id);
        if (busy != null || last != null && last > offset) {
            violations++;
        }
    }

    /** The handler finished a record. */
    synchronized void end(int partition, String key, long offset) {
        if (key == null) {
            return;
        }
        PartitionKey id = new PartitionKey(partition, key);
        handling.remove(id, offset);
        lastHandled.merge(id, offset, Math::max);
    }

    synchronized long violations() {
        return violations;
    }
}
