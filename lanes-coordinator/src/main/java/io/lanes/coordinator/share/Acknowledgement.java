package io.lanes.coordinator.share;

/** One acknowledgement batch of a ShareFetch / ShareAcknowledge: offsets {@code firstOffset..lastOffset} settled as {@code type}. */
public record Acknowledgement(long firstOffset, long lastOffset, AcknowledgeType type) {
    public Acknowledgement {
        if (lastOffset < firstOffset) {
            throw new IllegalArgumentException("lastOffset " + lastOffset + " < firstOffset " + firstOffset);
        }
    }
}
