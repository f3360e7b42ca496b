package io.lanes.bench.processor;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One way of consuming a topic with a slow handler, raced against the others: the plain
 * consumer group, Lanes' processor, Confluent's Parallel Consumer. Each runs the same handler
 * ({@link #handle}): simulated I/O of a fixed latency, then a record in the {@link HandledLedger}.
 *
 * <p>Instances are started once and closed once, from one thread.
 */
public interface Contestant extends AutoCloseable {

    /** Short name in reports: {@code plain-group}, {@code lanes-processor}, {@code parallel-consumer}. */
    String name();

    /**
     * Starts consuming {@code topic} as group {@code group}; returns at once.
     *
     * @param consumerConfig bootstrap servers and the settings every contestant shares
     */
    void start(Map<String, Object> consumerConfig, String topic, String group, HandledLedger ledger, long handlerMicros);

    @Override
    void close();

    /** The handler every contestant runs: wait {@code handlerMicros} (the I/O), then record the completion. */
    static void handle(ConsumerRecord<String, String> record, HandledLedger ledger, long handlerMicros) {
        boolean entered = ledger.enter(record.key());
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(handlerMicros));
        ledger.completed(record.key(), Long.parseLong(record.value()), record.timestamp(), entered);
        ledger.logged(record.partition(), record.offset());
    }

    /** The contestant named {@code name}, running with {@code concurrency} records in flight (plain group: one per partition). */
    static Contestant named(String name, int concurrency, int partitions) {
        return switch (name) {
            case "plain-group" -> new PlainGroupContestant(partitions);
            case "lanes-processor" -> new LanesProcessorContestant(concurrency);
            case "parallel-consumer" -> new ParallelConsumerContestant(concurrency);
            default -> throw new IllegalArgumentException("unknown contestant " + name
                    + " (plain-group, lanes-processor, parallel-consumer)");
        };
    }
}
