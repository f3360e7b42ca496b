package io.lanes.coordinator.group;

import java.util.Locale;

/** The kinds of group, as ListGroups v5 and DescribeGroups name them. */
public enum GroupType {
    /** JoinGroup/SyncGroup/Heartbeat groups (and groups that only hold offsets). */
    CLASSIC("classic"),
    /** KIP-848 ConsumerGroupHeartbeat groups. */
    CONSUMER("consumer"),
    /** KIP-1071 StreamsGroupHeartbeat groups. */
    STREAMS("streams");

    private final String wireName;

    GroupType(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire, "classic", "consumer" or "streams". */
    public String wireName() {
        return wireName;
    }

    /** Parses a ListGroups type filter entry, case-insensitively; null if unknown. */
    public static GroupType parse(String name) {
        for (GroupType type : values()) {
            if (type.wireName.equals(name.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        return null;
    }
}
