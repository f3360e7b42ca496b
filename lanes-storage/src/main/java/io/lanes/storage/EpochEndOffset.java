package io.lanes.storage;

/**
 * Answer to OffsetsForLeaderEpoch: the largest epoch at or below the requested one and the offset where it ends
 * (the log end offset for the current epoch); (-1, -1) when unknown.
 */
public record EpochEndOffset(int leaderEpoch, long endOffset) {
}
