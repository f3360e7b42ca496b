package io.lanes.storage.internal;

import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/** Reads the transaction marker of a control batch. */
public final class ControlBatches {

    private ControlBatches() {
    }

    /** The commit or abort marker in {@code batch}, or null if it is not a (readable) transaction marker. */
    public static EndTransactionMarker marker(RecordBatch batch) {
        if (!batch.isControlBatch()) {
            return null;
        }
        try (CloseableIterator<Record> records = batch.streamingIterator(BufferSupplier.NO_CACHING)) {
            if (!records.hasNext()) {
                return null;
            }
            Record record = records.next();
            ControlRecordType type = ControlRecordType.parse(record.key());
            return type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT
                    ? EndTransactionMarker.deserialize(record) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
