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
    private final TopicCounters processed;
    private final TopicCounters failed;
    private final TopicCounters retried;
    private final TopicCounters deadLettered;
    private final TopicCounters forwarded;
    private final TopicCounters skipped;
    private final Timer handlerLatency;
    private final Timer recordLatency;

    public ProcessorMetrics(MeterRegistry registry, String groupId) {
        this.registry = registry;
        this.tags = Tags.of("group", groupId);
        this.processed = new TopicCounters("lanes.processor.records.processed");
        this.failed = new TopicCounters("lanes.processor.records.failed");
        this.retried = new TopicCounters("lanes.processor.records.retried");
        this.deadLettered = new TopicCounters("lanes.processor.records.dead.lettered");
        this.forwarded = new TopicCounters("lanes.processor.records.forwarded");
        this.skipped = new TopicCounters("lanes.processor.records.skipped");
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
        processed.of(topic).increment();
    }

    public void failed(String topic) {
        failed.of(topic).increment();
    }

    public void retried(String topic) {
        retried.of(topic).increment();
    }

    public void deadLettered(String topic) {
        deadLettered.of(topic).increment();
    }

    public void forwarded(String topic) {
        forwarded.of(topic).increment();
    }

    public void skipped(String topic, int count) {
        if (count > 0) {
            skipped.of(topic).increment(count);
        }
    }

    public void handlerTime(long nanos) {
        handlerLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void recordTime(long nanos) {
        recordLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The counters of one name, by topic. Keyed by the topic alone, so the per-record lookup
     * allocates nothing.
     */
    private final class TopicCounters {

        private final String name;
        private final Map<String, Counter> byTopic = new ConcurrentHashMap<>();

        TopicCounters(String name) {
            this.name = name;
        }

        Counter of(String topic) {
            Counter counter = byTopic.get(topic);
            if (counter == null) {
                counter = byTopic.computeIfAbsent(topic, t -> Counter.builder(name).tags(tags).tag("topic", t).register(registry));
            }
            return counter;
        }
    }
}
