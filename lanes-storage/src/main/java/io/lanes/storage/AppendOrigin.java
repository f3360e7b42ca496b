package io.lanes.storage;

/**
 * Who appends to a log. Client appends are fully validated (no control batches, idempotence rules);
 * coordinator appends (transaction markers, internal topics) may write control batches.
 */
public enum AppendOrigin {
    CLIENT,
    COORDINATOR
}
