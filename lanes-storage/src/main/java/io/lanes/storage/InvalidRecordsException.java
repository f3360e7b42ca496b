package io.lanes.storage;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.requests.ProduceResponse;

import java.util.List;

/**
 * A produce request refused because some of its records are invalid for the topic (today: records without a key
 * on a compacted topic): INVALID_RECORD with one entry per offending record in the Produce response's
 * {@code recordErrors}, and Kafka's message, which names the first three of them.
 */
public final class InvalidRecordsException extends InvalidRecordException {

    private final List<RecordTimestampException.RecordError> recordErrors;

    public InvalidRecordsException(List<RecordTimestampException.RecordError> recordErrors) {
        super("One or more records have been rejected due to " + recordErrors.size() + " record errors in total, and "
                + "only showing the first three errors at most: " + recordErrors.subList(0, Math.min(3, recordErrors.size()))
                .stream().map(e -> new ProduceResponse.RecordError(e.index(), e.message()).toString()).toList());
        this.recordErrors = List.copyOf(recordErrors);
    }

    public List<RecordTimestampException.RecordError> recordErrors() {
        return recordErrors;
    }
}
