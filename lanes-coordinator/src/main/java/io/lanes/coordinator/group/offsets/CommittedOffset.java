package io.lanes.coordinator.group.offsets;

/**
 * A committed offset as stored: the value of an offset record.
 *
 * @param offset            the next offset the group will consume
 * @param leaderEpoch       the leader epoch of the last consumed record, or -1
 * @param metadata          the client's metadata string, byte for byte ("" when none was sent)
 * @param commitTimestampMs when the broker accepted the commit
 * @param expireTimestampMs when the offset expires regardless of the group state (OffsetCommit
 *                          v2-v4 retention time), or -1 to follow offsets.retention.minutes
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestampMs,
                              long expireTimestampMs) {
    public CommittedOffset {
        metadata = metadata == null ? "" : metadata;
    }
}
