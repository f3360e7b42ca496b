package io.lanes.coordinator.share;

import org.apache.kafka.common.protocol.Errors;

import java.util.List;

/**
 * The answer to acknowledgements on one share-partition: {@link Errors#NONE} and the durable change to write
 * (then {@link SharePartition#apply apply}), with the records it archives that go to a dead-letter queue (rejected,
 * or released once too often; not gaps), or an error and no change (nothing was settled). Immutable.
 */
public record Settlement(Errors error, ShareStateChange change, List<DeadLetter> deadLetters) {
    public Settlement {
        deadLetters = List.copyOf(deadLetters);
    }

    public Settlement(Errors error, ShareStateChange change) {
        this(error, change, List.of());
    }

    static Settlement failed(Errors error) {
        return new Settlement(error, new ShareStateChange(ShareStateChange.NO_START_OFFSET, List.of()));
    }
}
