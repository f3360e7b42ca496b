package io.lanes.coordinator.share;

import org.apache.kafka.common.protocol.Errors;

/**
 * The answer to acknowledgements on one share-partition: {@link Errors#NONE} and the durable change to write
 * (then {@link SharePartition#apply apply}), or an error and no change (nothing was settled).
 */
public record Settlement(Errors error, ShareStateChange change) {
    static Settlement failed(Errors error) {
        return new Settlement(error, new ShareStateChange(ShareStateChange.NO_START_OFFSET, java.util.List.of()));
    }
}
