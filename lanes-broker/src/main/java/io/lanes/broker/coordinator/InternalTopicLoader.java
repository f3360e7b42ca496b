package io.lanes.broker.coordinator;

import io.lanes.broker.metadata.TopicManager;
import io.lanes.storage.PartitionLog;
import io.lanes.storage.ReadResult;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * Loads a coordinator at start-up: reads every batch of every partition of its internal topic from the log
 * start to the high watermark and hands each keyed record and each transaction marker to a {@link Replay}, in
 * log order.
 */
public final class InternalTopicLoader {
    private static final Logger log = LoggerFactory.getLogger(InternalTopicLoader.class);
    private static final int READ_BYTES = 1024 * 1024;

    /** What loading feeds. */
    public interface Replay {
        /**
         * One record.
         *
         * @param transactionalProducerId the producer id of its transactional batch, or -1 for a plain batch
         */
        void record(int partition, long transactionalProducerId, ByteBuffer key, ByteBuffer value);

        /** A commit or abort marker of {@code producerId}. */
        default void marker(int partition, long producerId, boolean commit) {
        }
    }

    private InternalTopicLoader() {
    }

    /** Loads partitions {@code 0..partitions-1} of {@code topic} (none if 0). */
    public static void load(TopicManager topics, String topic, int partitions, Replay replay) {
        long started = System.nanoTime();
        long replayed = 0;
        for (int p = 0; p < partitions; p++) {
            PartitionLog partitionLog = topics.partition(new TopicPartition(topic, p)).orElseThrow();
            replayed += loadPartition(partitionLog, p, replay);
        }
        log.info("Loaded {} record(s) of {} in {} ms", replayed, topic, (System.nanoTime() - started) / 1_000_000);
    }

    private static long loadPartition(PartitionLog partitionLog, int partition, Replay replay) {
        long offset = partitionLog.logStartOffset();
        long end = partitionLog.highWatermark();
        long replayed = 0;
        while (offset < end) {
            ReadResult result = partitionLog.read(offset, READ_BYTES, end, true);
            if (result.records() == null || result.records().sizeInBytes() == 0) {
                break;
            }
            for (RecordBatch batch : result.records().batches()) {
                if (batch.isControlBatch()) {
                    replayMarker(batch, partition, replay);
                } else {
                    long producerId = batch.isTransactional() ? batch.producerId() : RecordBatch.NO_PRODUCER_ID;
                    for (Record record : batch) {
                        if (record.offset() >= offset && record.hasKey()) {
                            replay.record(partition, producerId, record.key(), record.hasValue() ? record.value() : null);
                            replayed++;
                        }
                    }
                }
                offset = batch.nextOffset();
            }
        }
        return replayed;
    }

    private static void replayMarker(RecordBatch batch, int partition, Replay replay) {
        for (Record record : batch) {
            ControlRecordType type = ControlRecordType.parse(record.key());
            if (type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT) {
                replay.marker(partition, batch.producerId(), type == ControlRecordType.COMMIT);
            }
        }
    }
}
