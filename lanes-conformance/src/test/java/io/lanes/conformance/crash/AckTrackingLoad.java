package io.lanes.conformance.crash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Several idempotent {@code acks=all} producers, each on its own thread, writing keyed records
 * whose values carry a per-key sequence number ({@code <key>:<seq>}) and remembering exactly
 * which records the broker acknowledged. The producers outlive broker kills: they reconnect to
 * the restarted broker on the same port and retry what was in flight.
 */
final class AckTrackingLoad implements AutoCloseable {

    private static final int MAX_UNACKED_PER_PRODUCER = 500;
    /** Records between 1 ms pauses: caps each producer near 4,000 records/s so reading back stays quick. */
    private static final int BURST = 4;

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    AckTrackingLoad(String bootstrapServers, String topic, int producers, int keysPerProducer) {
        for (int p = 0; p < producers; p++) {
            int producerId = p;
            Thread thread = new Thread(() -> run(bootstrapServers, topic, producerId, keysPerProducer),
                    "ack-tracking-producer-" + p);
            threads.add(thread);
            thread.start();
        }
    }

    private void run(String bootstrapServers, String topic, int producerId, int keys) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "90000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "90000");
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        config.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "200");
        Semaphore window = new Semaphore(MAX_UNACKED_PER_PRODUCER);
        long[] nextSeq = new long[keys];
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (long n = 0; running; n++) {
                int k = (int) (n % keys);
                String key = "p" + producerId + "-k" + k;
                String value = key + ":" + nextSeq[k]++;
                window.acquireUninterruptibly();
                sent.incrementAndGet();
                producer.send(new ProducerRecord<>(topic, key, value), (metadata, exception) -> {
                    if (exception == null) {
                        acknowledged.add(value);
                    } else {
                        failed.incrementAndGet();
                        lastFailure.set(exception);
                    }
                    window.release();
                });
                if (n % BURST == BURST - 1) {
                    pause();
                }
            }
            producer.flush();
        }
    }

    /** Stops sending, waits until every record sent was acknowledged or failed, closes the producers. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(Duration.ofMinutes(2).toMillis());
        }
    }

    /** Waits until at least {@code count} records are acknowledged in all; false on timeout. */
    boolean awaitAcknowledged(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acknowledged.size() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Set<String> acknowledged() {
        return acknowledged;
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    Throwable lastFailure() {
        return lastFailure.get();
    }
}
