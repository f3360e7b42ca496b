package io.lanes.ops.lag;

/** {@code __consumer_offsets} cannot be followed: the evaluator falls back to sampling committed offsets. */
public final class CommitLogUnavailableException extends RuntimeException {
    public CommitLogUnavailableException(String message) {
        super(message);
    }
}
