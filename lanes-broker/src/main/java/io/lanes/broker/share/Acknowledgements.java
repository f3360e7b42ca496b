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

    /** The first request version that may carry Renew (KIP-1222). */
    static final short FIRST_RENEW_VERSION = 2;

    /** @throws IllegalArgumentException as {@link #add}, or for Renew below version 2 */
    static List<Acknowledgement> of(List<ShareFetchRequestData.AcknowledgementBatch> batches, short version) {
        List<Acknowledgement> out = new ArrayList<>();
        for (ShareFetchRequestData.AcknowledgementBatch batch : batches) {
            add(out, batch.firstOffset(), batch.lastOffset(), batch.acknowledgeTypes());
        }
        return checked(out, version);
    }

    /** @throws IllegalArgumentException as {@link #add}, or for Renew below version 2 */
    static List<Acknowledgement> ofAcknowledge(List<ShareAcknowledgeRequestData.AcknowledgementBatch> batches,
                                               short version) {
        List<Acknowledgement> out = new ArrayList<>();
        for (ShareAcknowledgeRequestData.AcknowledgementBatch batch : batches) {
            add(out, batch.firstOffset(), batch.lastOffset(), batch.acknowledgeTypes());
        }
        return checked(out, version);
    }

    private static List<Acknowledgement> checked(List<Acknowledgement> acks, short version) {
        if (version < FIRST_RENEW_VERSION && acks.stream().anyMatch(a -> a.type() == AcknowledgeType.RENEW)) {
            throw new IllegalArgumentException("Renew needs request version " + FIRST_RENEW_VERSION);
        }
        return acks;
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
