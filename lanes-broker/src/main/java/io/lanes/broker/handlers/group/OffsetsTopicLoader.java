package io.lanes.broker.handlers.group;

import io.lanes.broker.metadata.TopicManager;
import io.lanes.coordinator.group.GroupCoordinator;
import io.lanes.storage.PartitionLog;
import io.lanes.storage.ReadResult;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the group coordinator at start-up: reads every batch of every partition of
 * {@code __consumer_offsets} from the log start to the high watermark and replays each record
 * in log order (control batches are skipped).
 */
final class OffsetsTopicLoader {
    private static final Logger log = LoggerFactory.getLogger(OffsetsTopicLoader.class);
    private static final int READ_BYTES = 1024 * 1024;

    private OffsetsTopicLoader() {
    }

    static void load(TopicManager topics, int partitions, GroupCoordinator coordinator) {
        long started = System.nanoTime();
        long replayed = 0;
        for (int p = 0; p < partitions; p++) {
            PartitionLog partitionLog = topics.partition(new TopicPartition(OffsetsTopicLog.TOPIC, p)).orElseThrow();
            replayed += loadPartition(partitionLog, p, coordinator);
        }
        coordinator.finishLoading();
        log.info("Loaded {} record(s) of {} in {} ms", replayed, OffsetsTopicLog.TOPIC,
                (System.nanoTime() - started) / 1_000_000);
    }

    private static long loadPartition(PartitionLog partitionLog, int partition, GroupCoordinator coordinator) {
        long offset = partitionLog.logStartOffset();
        long end = partitionLog.highWatermark();
        long replayed = 0;
        while (offset < end) {
            ReadResult result = partitionLog.read(offset, READ_BYTES, end, true);
            if (result.records() == null || result.records().sizeInBytes() == 0) {
                break;
            }
            for (RecordBatch batch : result.records().batches()) {
                if (!batch.isControlBatch()) {
                    for (Record record : batch) {
                        if (record.offset() >= offset && record.hasKey()) {
                            coordinator.replay(partition, record.key(), record.hasValue() ? record.value() : null);
                            replayed++;
                        }
                    }
                }
                offset = batch.nextOffset();
            }
        }
        return replayed;
    }
}
