package io.lanes.processor.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The processor's Micrometer meters, tagged with the consumer group ({@code group}) and, for the
 * per-record counters, the topic ({@code topic}):
 * <ul>
 *   <li>counters {@code lanes.processor.records.processed}, {@code .failed} (each failed handler
 *       call), {@code .retried} (each retry in place scheduled), {@code .dead.lettered} (records
 *       written to a dead-letter topic), {@code .forwarded} (records written to a retry topic),
 *       {@code .skipped} (records completed before, read back from the commit metadata);</li>
 *   <li>gauges {@code lanes.processor.records.in.flight}, {@code lanes.processor.records.buffered},
 *       {@code lanes.processor.partitions.paused};</li>
 *   <li>timers with percentile histograms {@code lanes.processor.handler.latency} (one handler
 *       call) and {@code lanes.processor.record.latency} (from the poll that fetched the record
 *       to its completion, retries and dead-lettering included).</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class ProcessorMetrics {

    private final MeterRegistry registry;
    private final Tags tags;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer handlerLatency;
    private final Timer recordLatency;

    public ProcessorMetrics(MeterRegistry registry, String groupId) {
        this.registry = registry;
        this.tags = Tags.of("group", groupId);
        this.handlerLatency = Timer.builder("lanes.processor.handler.latency").tags(tags)
                .description("One call of the record handler").publishPercentileHistogram().register(registry);
        this.recordLatency = Timer.builder("lanes.processor.record.latency").tags(tags)
                .description("From the poll that fetched a record to its completion").publishPercentileHistogram()
                .register(registry);
    }

    /** Registers the gauges, read from the running processor. */
    public void gauges(Supplier<Number> inFlight, Supplier<Number> buffered, Supplier<Number> pausedPartitions) {
        Gauge.builder("lanes.processor.records.in.flight", inFlight).tags(tags).register(registry);
        Gauge.builder("lanes.processor.records.buffered", buffered).tags(tags).register(registry);
        Gauge.builder("lanes.processor.partitions.paused", pausedPartitions).tags(tags).register(registry);
    }

    public void processed(String topic) {
        counter("lanes.processor.records.processed", topic).increment();
    }

    public void failed(String topic) {
        counter("lanes.processor.records.failed", topic).increment();
    }

    public void retried(String topic) {
        counter("lanes.processor.records.retried", topic).increment();
    }

    public void deadLettered(String topic) {
        counter("lanes.processor.records.dead.lettered", topic).increment();
    }

    public void forwarded(String topic) {
        counter("lanes.processor.records.forwarded", topic).increment();
    }

    public void skipped(String topic, int count) {
        if (count > 0) {
            counter("lanes.processor.records.skipped", topic).increment(count);
        }
    }

    public void handlerTime(long nanos) {
        handlerLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void recordTime(long nanos) {
        recordLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Counter counter(String name, String topic) {
        String key = name + '\u0000' + topic;
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).tag("topic", topic).register(registry));
        }
        return counter;
    }
}
