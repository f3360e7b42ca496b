package io.lanes.processor.idempotent;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.sql.Connection;

/**
 * The business logic of an {@link IdempotentHandler}: handles one record, writing through the
 * given connection, whose transaction also records the event as processed. It must not commit,
 * roll back or close the connection; throwing rolls everything back.
 */
@FunctionalInterface
public interface TransactionalHandler<K, V> {
    void handle(ConsumerRecord<K, V> record, Connection connection) throws Exception;
}
