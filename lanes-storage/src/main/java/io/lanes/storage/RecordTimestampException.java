package io.lanes.storage;

import org.apache.kafka.common.errors.InvalidTimestampException;

import java.util.List;

/**
 * A produce request refused because records carry CreateTime timestamps outside the topic's
 * {@code message.timestamp.before.max.ms} / {@code message.timestamp.after.max.ms}: INVALID_TIMESTAMP with one
 * entry per offending record, as Kafka's Produce response lists them in {@code recordErrors}.
 */
public final class RecordTimestampException extends InvalidTimestampException {

    /**
     * @param index   the record's position in the request's records, from 0
     * @param message why it was refused
     */
    public record RecordError(int index, String message) {
    }

    private final List<RecordError> recordErrors;

    public RecordTimestampException(List<RecordError> recordErrors) {
        super(recordErrors.size() + " record(s) rejected, the first: " + recordErrors.get(0).message());
        this.recordErrors = List.copyOf(recordErrors);
    }

    public List<RecordError> recordErrors() {
        return recordErrors;
    }
}
