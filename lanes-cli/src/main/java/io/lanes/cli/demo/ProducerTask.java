package io.lanes.cli.demo;

import io.lanes.cli.demo.RunRecord.ProducedEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Produces the workload on its own thread with an idempotent {@code acks=all} producer, spread
 * evenly over a duration (or as fast as it can with a zero duration). Keeps, for each event, the
 * partition and offset the broker acknowledged, and live per-partition counts for the view.
 */
final class ProducerTask {
    private static final int MAX_ERRORS_KEPT = 5;

    private final Map<String, Object> config;
    private final String topic;
    private final OrderWorkload workload;
    private final long durationNanos;
    private final AtomicLongArray positions;
    private final AtomicLongArray ackMicros;
    private final AtomicLongArray endOffsets;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Queue<String> errors = new ConcurrentLinkedQueue<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean started;

    ProducerTask(String bootstrap, String topic, OrderWorkload workload, long durationNanos, int partitions) {
        this.config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "order-producer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        this.topic = topic;
        this.workload = workload;
        this.durationNanos = durationNanos;
        this.positions = new AtomicLongArray(workload.size());
        this.ackMicros = new AtomicLongArray(workload.size());
        this.endOffsets = new AtomicLongArray(partitions);
        this.thread = new Thread(this::run, "demo-producer");
        this.thread.setDaemon(true);
    }

    void start() {
        started = true;
        thread.start();
    }

    boolean started() {
        return started;
    }

    /** Stops sending (what was sent is still flushed). */
    void stop() {
        stopping = true;
    }

    boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    boolean finished() {
        return finished.getCount() == 0;
    }

    long acknowledged() {
        return acknowledged.get();
    }

    /** One past the highest acknowledged offset of a partition (0 before the first). */
    long endOffset(int partition) {
        return endOffsets.get(partition);
    }

    /** Errors so far: failed sends and a failure of the producer itself. */
    List<String> errors() {
        List<String> all = new ArrayList<>(errors);
        long failedSends = failed.get();
        if (failedSends > 0) {
            all.add(0, Format.text("%s sends failed", Format.count(failedSends)));
        }
        return all;
    }

    /** The acknowledged events, once {@link #finished()}. */
    List<ProducedEvent> producedEvents() {
        List<ProducedEvent> produced = new ArrayList<>(workload.size());
        for (int i = 0; i < workload.size(); i++) {
            long position = positions.get(i);
            if (position != 0) {
                long stored = position - 1;
                produced.add(new ProducedEvent((int) (stored >>> 44), stored & ((1L << 44) - 1),
                        workload.orderId(i), workload.seq(i)));
            }
        }
        return produced;
    }

    /** Time from send() to acknowledgement, once {@link #finished()}: "p50 3 ms, p99 12 ms, max 40 ms". */
    String ackLatency() {
        long[] latencies = new long[workload.size()];
        int n = 0;
        for (int i = 0; i < workload.size(); i++) {
            if (positions.get(i) != 0) {
                latencies[n++] = ackMicros.get(i);
            }
        }
        if (n == 0) {
            return "none acknowledged";
        }
        Arrays.sort(latencies, 0, n);
        return Format.text("p50 %.1f ms, p99 %.1f ms, max %.1f ms", latencies[(n - 1) / 2] / 1e3,
                latencies[(int) ((n - 1) * 0.99)] / 1e3, latencies[n - 1] / 1e3);
    }

    private void run() {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            long start = System.nanoTime();
            int events = workload.size();
            for (int i = 0; i < events && !stopping; i++) {
                long due = start + (long) ((double) durationNanos * i / events);
                for (long wait = due - System.nanoTime(); wait > 0 && !stopping; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(Math.min(wait, 2_000_000));
                }
                int event = i;
                long sentAt = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, workload.key(i), workload.value(i)), (metadata, exception) -> {
                    if (exception != null) {
                        failed.incrementAndGet();
                        keep(Format.text("sending %s seq %d failed: %s", workload.key(event), workload.seq(event),
                                exception));
                    } else {
                        positions.set(event, CompletenessCheck.position(metadata.partition(), metadata.offset()) + 1);
                        ackMicros.set(event, (System.nanoTime() - sentAt) / 1000);
                        endOffsets.accumulateAndGet(metadata.partition(), metadata.offset() + 1, Math::max);
                        acknowledged.incrementAndGet();
                    }
                });
            }
            producer.flush();
        } catch (RuntimeException e) {
            keep("the producer failed: " + e);
        } finally {
            finished.countDown();
        }
    }

    private void keep(String error) {
        if (errors.size() < MAX_ERRORS_KEPT) {
            errors.add(error);
        }
    }
}
