package io.lanes.processor.internal;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.function.Supplier;

/**
 * The step from a successful handler attempt to a completed record: sends the attempt's outputs
 * and marks the record complete as one step that no commit cuts through, so the commit that
 * covers a record's offset also carries its outputs.
 *
 * <p>Thread-safe: called from worker threads.
 */
@FunctionalInterface
public interface CompletionGate {

    /** Without outputs and transactions: marks the record complete, nothing else. */
    CompletionGate DIRECT = (item, outputs, markComplete) -> markComplete.get();

    /**
     * Sends {@code outputs} and runs {@code markComplete}; returns what {@code markComplete}
     * returned (the next record of the lane), or null when the record was dropped instead (its
     * partition released, or the transactions stopped): it stays incomplete and runs again elsewhere.
     */
    WorkItem complete(WorkItem item, List<ProducerRecord<byte[], byte[]>> outputs, Supplier<WorkItem> markComplete);
}
