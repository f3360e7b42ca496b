package io.lanes.ops.lag;

/** A record of {@code __consumer_offsets} that is not in Apache Kafka's record format. */
public final class CommitRecordException extends RuntimeException {
    public CommitRecordException(String message) {
        super(message);
    }
}
