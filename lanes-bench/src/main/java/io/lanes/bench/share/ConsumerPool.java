package io.lanes.bench.share;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code consumers} consumers of one group, each on its own thread, handling one record at a time with a fixed
 * simulated processing time: plain {@code KafkaConsumer}s (commit after each poll's records) or
 * {@code KafkaShareConsumer}s (implicit acknowledgement: a poll's records are accepted by the next poll; at most
 * {@value #MAX_POLL_RECORDS} records acquired per fetch, {@code share.acquire.mode=record_limit}). Records
 * whose value starts with {@code w} are warm-up records: counted, not measured.
 *
 * <p>Thread-safety: {@link #close} from the thread that started the pool; the counters are thread-safe.
 */
final class ConsumerPool implements AutoCloseable {

    /** Records per poll for every contestant. */
    static final int MAX_POLL_RECORDS = 20;

    private final List<Thread> threads = new ArrayList<>();
    private final List<Runnable> wakeups = new ArrayList<>();
    private final AtomicInteger warmUps = new AtomicInteger();
    private volatile boolean closing;

    ConsumerPool(ShareContestant contestant, String bootstrap, String topic, String group, int consumers,
                 long handlerMicros, KeyOrderCheck check, Completions completions) {
        for (int i = 0; i < consumers; i++) {
            Map<String, Object> config = new HashMap<>();
            config.put("bootstrap.servers", bootstrap);
            config.put("group.id", group);
            config.put("client.id", group + "-" + i);
            // a poll's records are handled one after another: a few at a time keeps every consumer busy (a share
            // consumer would otherwise acquire whole producer batches, KIP-1206's batch_optimized)
            config.put("max.poll.records", MAX_POLL_RECORDS);
            Runnable loop;
            if (contestant.share()) {
                config.put("share.acquire.mode", "record_limit");
                KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(config,
                        new StringDeserializer(), new StringDeserializer());
                wakeups.add(consumer::wakeup);
                loop = () -> runShare(consumer, topic, handlerMicros, check, completions);
            } else {
                config.put("enable.auto.commit", false);
                config.put("auto.offset.reset", "earliest");
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                        new StringDeserializer());
                wakeups.add(consumer::wakeup);
                loop = () -> runPlain(consumer, topic, handlerMicros, check, completions);
            }
            Thread thread = new Thread(loop, group + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    int warmUps() {
        return warmUps.get();
    }

    private void runShare(KafkaShareConsumer<String, String> consumer, String topic, long handlerMicros,
                          KeyOrderCheck check, Completions completions) {
        try (consumer) {
            consumer.subscribe(List.of(topic));
            while (!closing) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    handle(record, handlerMicros, check, completions);
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private void runPlain(KafkaConsumer<String, String> consumer, String topic, long handlerMicros,
                          KeyOrderCheck check, Completions completions) {
        try (consumer) {
            consumer.subscribe(List.of(topic));
            while (!closing) {
                var records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, String> record : records) {
                    handle(record, handlerMicros, check, completions);
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private void handle(ConsumerRecord<String, String> record, long handlerMicros, KeyOrderCheck check,
                        Completions completions) {
        if (record.value() != null && record.value().startsWith("w")) {
            warmUps.incrementAndGet();
            return;
        }
        check.begin(record.partition(), record.key(), record.offset());
        long end = System.nanoTime() + handlerMicros * 1_000; // the simulated processing (I/O wait, not CPU)
        for (long left = handlerMicros * 1_000; left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        check.end(record.partition(), record.key(), record.offset());
        completions.handled(record.partition(), record.offset(), record.timestamp());
    }

    @Override
    public void close() {
        closing = true;
        wakeups.forEach(Runnable::run);
        for (Thread thread : threads) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
