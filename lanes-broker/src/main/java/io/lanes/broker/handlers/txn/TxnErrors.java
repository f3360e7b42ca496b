package io.lanes.broker.handlers.txn;

import org.apache.kafka.common.protocol.Errors;

/** Error codes as older clients know them. */
final class TxnErrors {
    /** PRODUCER_FENCED (KIP-588) exists for clients from these versions of the transaction APIs on. */
    private static final short PRODUCER_FENCED_VERSION = 2;

    private TxnErrors() {
    }

    /** Older clients get INVALID_PRODUCER_EPOCH for a fenced producer, as Kafka answers them. */
    static Errors forVersion(Errors error, short version) {
        return forVersion(error, version, PRODUCER_FENCED_VERSION);
    }

    static Errors forVersion(Errors error, short version, short producerFencedVersion) {
        return error == Errors.PRODUCER_FENCED && version < producerFencedVersion ? Errors.INVALID_PRODUCER_EPOCH : error;
    }
}
