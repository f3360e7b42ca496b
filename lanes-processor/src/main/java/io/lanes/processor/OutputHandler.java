package io.lanes.processor;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The processing of one record in a read-process-write pipeline with exactly-once output (set
 * with {@link LanesProcessorBuilder#outputHandler}): the records sent to {@code output} and the
 * consumed offset of {@code record} commit in one Kafka transaction, so a consumer of the output
 * topics reading with {@code isolation.level=read_committed} sees each output once, across
 * retries, rebalances, crashes and restarts.
 *
 * <p>Returning normally completes the record; throwing is a failure, retried and dead-lettered as
 * the {@link RetryPolicy} says, and the records the failed attempt sent are dropped. Called from
 * worker threads, concurrently for records the {@link Ordering} allows to run together.
 *
 * @param <K>  the input key type
 * @param <V>  the input value type
 * @param <KO> the output key type
 * @param <VO> the output value type
 */
@FunctionalInterface
public interface OutputHandler<K, V, KO, VO> {

    /** Processes one record, sending its results to {@code output}; throws to report a failure. */
    void handle(ConsumerRecord<K, V> record, Output<KO, VO> output) throws Exception;
}
