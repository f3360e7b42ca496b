package io.lanes.broker.share;

import io.lanes.coordinator.share.AcknowledgeType;
import io.lanes.coordinator.share.Acknowledgement;
import org.apache.kafka.common.message.ShareAcknowledgeRequestData;
import org.apache.kafka.common.message.ShareFetchRequestData;

import java.util.ArrayList;
import java.util.List;

/**
 * The AcknowledgementBatches of ShareFetch and ShareAcknowledge as {@link Acknowledgement}s: a batch with one
 * acknowledge type settles all its offsets that way; a batch with one type per offset is split into runs of one
 * type. Stateless.
 */
final class Acknowledgements {
    private Acknowledgements() {
    }

    static List<Acknowledgement> of(List<ShareFetchRequestData.AcknowledgementBatch> batches) {
        List<Acknowledgement> out = new ArrayList<>();
        for (ShareFetchRequestData.AcknowledgementBatch batch : batches) {
            add(out, batch.firstOffset(), batch.lastOffset(), batch.acknowledgeTypes());
        }
        return out;
    }

    static List<Acknowledgement> ofAcknowledge(List<ShareAcknowledgeRequestData.AcknowledgementBatch> batches) {
        List<Acknowledgement> out = new ArrayList<>();
        for (ShareAcknowledgeRequestData.AcknowledgementBatch batch : batches) {
            add(out, batch.firstOffset(), batch.lastOffset(), batch.acknowledgeTypes());
        }
        return out;
    }

    /** @throws IllegalArgumentException for an unknown type or a type list that fits neither form */
    private static void add(List<Acknowledgement> out, long first, long last, List<Byte> types) {
        if (types.size() == 1) {
            out.add(new Acknowledgement(first, last, AcknowledgeType.fromId(types.get(0))));
            return;
        }
        if (types.size() != last - first + 1) {
            throw new IllegalArgumentException("Acknowledge types do not match the batch " + first + ".." + last);
        }
        long runStart = first;
        for (long offset = first + 1; offset <= last + 1; offset++) {
            if (offset > last || !types.get((int) (offset - first)).equals(types.get((int) (runStart - first)))) {
                out.add(new Acknowledgement(runStart, offset - 1,
                        AcknowledgeType.fromId(types.get((int) (runStart - first)))));
                runStart = offset;
            }
        }
    }
}
