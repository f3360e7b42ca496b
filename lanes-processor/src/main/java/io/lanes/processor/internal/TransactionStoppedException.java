package io.lanes.processor.internal;

import org.apache.kafka.common.KafkaException;

/**
 * The processor's transactions cannot go on (its producer was fenced by a newer instance with the
 * same {@code transactional.id}, or a transaction had to be aborted): the processor stops
 * processing, and what completed since the last committed transaction is processed again by the
 * partitions' next owner.
 */
public final class TransactionStoppedException extends KafkaException {

    public TransactionStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
