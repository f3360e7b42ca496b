package io.lanes.storage.internal;

/**
 * A transaction ended by a marker in one partition: its first offset here (the marker's offset when the
 * producer wrote nothing here) and the marker's offset.
 */
public record CompletedTxn(long producerId, long firstOffset, long markerOffset, boolean aborted) {
}
