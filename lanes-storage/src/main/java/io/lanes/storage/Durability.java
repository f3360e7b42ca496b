package io.lanes.storage;

/**
 * How strongly an acknowledged append is protected against a machine crash.
 */
public enum Durability {
    /**
     * {@code acks=all} is acknowledged only after the data is fsynced. One background flusher
     * fsyncs all dirty logs in a loop, so concurrent producers share an fsync (group commit).
     * Consumers never see data that is not yet fsynced: the high watermark is the fsynced offset.
     */
    FSYNC,
    /**
     * Kafka's default: data is acknowledged once in the page cache and flushed according to
     * {@code flush.messages} / {@code flush.ms}. The high watermark is the log end offset.
     */
    PAGE_CACHE
}
