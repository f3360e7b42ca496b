package io.lanes.ops.records;

import java.util.List;
import java.util.Map;

/**
 * A record to produce: key (null for none), value, headers in order (a name may repeat). Immutable.
 */
public record OutgoingRecord(String key, String value, List<Map.Entry<String, String>> headers) {
    public OutgoingRecord {
        headers = List.copyOf(headers);
    }
}
