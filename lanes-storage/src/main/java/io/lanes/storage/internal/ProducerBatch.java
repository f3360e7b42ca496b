package io.lanes.storage.internal;

import org.apache.kafka.common.record.internal.EndTransactionMarker;

/**
 * What producer state needs from one batch with a producer id: identity, sequences, the offsets it got, and
 * for a control batch its transaction marker.
 *
 * @param marker the commit or abort marker of a control batch, null for a data batch
 */
public record ProducerBatch(long producerId, short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset,
                            long maxTimestamp, boolean transactional, EndTransactionMarker marker) {

    public boolean isMarker() {
        return marker != null;
    }
}
