package io.lanes.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes one small record to every partition of a topic every {@code interval}, on its own
 * thread, so that a consumer of any partition sees a record at least that often while the
 * partition is being consumed. Sweeps that fall behind are not made up (no bursts).
 */
final class SteadyProducer implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final int partitions;
    private final long intervalNanos;
    private final Thread thread;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean running = true;

    SteadyProducer(String bootstrap, String topic, int partitions, long intervalMillis) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "rebalance-bench-producer",
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.ACKS_CONFIG, "1"), new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.partitions = partitions;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.thread = new Thread(this::run, "steady-producer-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long next = System.nanoTime();
        long sequence = 0;
        try {
            while (running) {
                for (int p = 0; p < partitions; p++) {
                    producer.send(new ProducerRecord<>(topic, p, null, Long.toString(sequence++)), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else {
                    next = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Throws if a send failed: the measurement would not be about the group then. */
    void check() throws BenchException {
        Exception e = failure.get();
        if (e != null) {
            throw new BenchException("producer failed: " + e, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
