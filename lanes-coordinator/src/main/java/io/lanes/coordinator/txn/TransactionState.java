package io.lanes.coordinator.txn;

import java.util.Arrays;
import java.util.Optional;

/**
 * The states of a transactional id, with the names Kafka reports (ListTransactions, DescribeTransactions) and
 * the byte stored in {@code __transaction_state}.
 */
public enum TransactionState {
    EMPTY(0, "Empty"),
    ONGOING(1, "Ongoing"),
    PREPARE_COMMIT(2, "PrepareCommit"),
    PREPARE_ABORT(3, "PrepareAbort"),
    COMPLETE_COMMIT(4, "CompleteCommit"),
    COMPLETE_ABORT(5, "CompleteAbort"),
    DEAD(6, "Dead"),
    PREPARE_EPOCH_FENCE(7, "PrepareEpochFence");

    private final byte id;
    private final String kafkaName;

    TransactionState(int id, String kafkaName) {
        this.id = (byte) id;
        this.kafkaName = kafkaName;
    }

    public byte id() {
        return id;
    }

    public String kafkaName() {
        return kafkaName;
    }

    /** A transaction is decided but its markers may still be on their way. */
    public boolean isPrepare() {
        return this == PREPARE_COMMIT || this == PREPARE_ABORT;
    }

    /** No transaction is open: a new one may start. */
    public boolean isIdle() {
        return this == EMPTY || this == COMPLETE_COMMIT || this == COMPLETE_ABORT;
    }

    public static TransactionState fromId(byte id) {
        return Arrays.stream(values()).filter(s -> s.id == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown transaction state " + id));
    }

    /** The state with Kafka's name, ignoring case (ListTransactions state filters). */
    public static Optional<TransactionState> fromKafkaName(String name) {
        return Arrays.stream(values()).filter(s -> s.kafkaName.equalsIgnoreCase(name)).findFirst();
    }
}
