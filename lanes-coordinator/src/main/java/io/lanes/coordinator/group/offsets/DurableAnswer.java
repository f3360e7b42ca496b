package io.lanes.coordinator.group.offsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The common tail of OffsetCommit and TxnOffsetCommit: write the offset records, answer once they are durable,
 * and turn the written partitions' answers into COORDINATOR_NOT_AVAILABLE (which clients retry) when the write
 * or its fsync fails.
 */
final class DurableAnswer {
    private static final Logger log = LoggerFactory.getLogger(DurableAnswer.class);

    private DurableAnswer() {
    }

    /**
     * @param write        appends the records (under the shard lock); returns when they are durable
     * @param failWritten  sets COORDINATOR_NOT_AVAILABLE on every partition whose record was written
     * @param what         for the log line, e.g. "offsets of group billing"
     */
    static <R> CompletableFuture<R> after(Supplier<CompletableFuture<Void>> write, R response, Runnable failWritten,
                                          String what) {
        CompletableFuture<Void> durable;
        try {
            durable = write.get();
        } catch (RuntimeException e) {
            log.warn("Could not write {}: {}", what, e.toString());
            failWritten.run();
            return CompletableFuture.completedFuture(response);
        }
        return durable.handle((done, failure) -> {
            if (failure != null) {
                log.warn("{} did not become durable: {}", what, failure.toString());
                failWritten.run();
            }
            return response;
        });
    }
}
