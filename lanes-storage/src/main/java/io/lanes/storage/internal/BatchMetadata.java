package io.lanes.storage.internal;

/** What is remembered of one appended idempotent batch, for duplicate detection. */
public record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long timestamp) {
}
