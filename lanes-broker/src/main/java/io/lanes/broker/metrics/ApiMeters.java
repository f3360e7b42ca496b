package io.lanes.broker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Kafka's {@code kafka.network:type=RequestMetrics} meters of one API, named as the Prometheus JMX exporter's
 * rules name them, tag {@code request} = the API's name ("Produce", "Fetch", ...):
 * <ul>
 *   <li>{@code kafka_network_requestmetrics_requests_total{request,version}}</li>
 *   <li>{@code kafka_network_requestmetrics_errors_total{request,error}}: every error code in the responses,
 *       NONE included, as Kafka counts them (per partition for partitioned APIs)</li>
 *   <li>milliseconds, as summaries with Kafka's percentiles: {@code requestqueuetimems} (frame read until its
 *       handler runs), {@code localtimems} (the handler's own work), {@code remotetimems} (waiting: an acks=all
 *       produce for its fsync, a long-poll fetch for data, a join for its rebalance), {@code responsequeuetimems}
 *       (a ready response waiting behind earlier ones of its connection), {@code responsesendtimems} (written
 *       until handed to the socket) and {@code totaltimems}</li>
 * </ul>
 *
 * <p>Thread-safe; meters of a version or error are created on first use and then cached, so serving a request
 * allocates nothing here.
 */
public final class ApiMeters {
    private static final double NANOS_PER_MS = 1_000_000.0;
    private static final Errors[] ERRORS = Errors.values();

    private final MeterRegistry registry;
    private final String request;
    private final AtomicReferenceArray<Counter> byVersion;
    private final AtomicReferenceArray<Counter> byError = new AtomicReferenceArray<>(ERRORS.length);
    private final DistributionSummary requestQueue;
    private final DistributionSummary local;
    private final DistributionSummary remote;
    private final DistributionSummary responseQueue;
    private final DistributionSummary responseSend;
    private final DistributionSummary total;
    private final ErrorCodes.Sink countError = this::countError;
    /** Set once counting a response failed, so the failure is logged once. */
    public volatile boolean failed;

    public ApiMeters(MeterRegistry registry, ApiKeys api) {
        this.registry = registry;
        this.request = api.name;
        this.byVersion = new AtomicReferenceArray<>(api.latestVersion() + 1);
        Tags tags = Tags.of("request", request);
        this.requestQueue = Latency.millis(registry, "kafka.network.requestmetrics.requestqueuetimems",
                "Time from a request's frame being read until its handler runs, ms", tags);
        this.local = Latency.millis(registry, "kafka.network.requestmetrics.localtimems",
                "Time the handler works on a request, ms", tags);
        this.remote = Latency.millis(registry, "kafka.network.requestmetrics.remotetimems",
                "Time a request waits after its handler (fsync, long poll, rebalance), ms", tags);
        this.responseQueue = Latency.millis(registry, "kafka.network.requestmetrics.responsequeuetimems",
                "Time a ready response waits behind earlier responses of its connection, ms", tags);
        this.responseSend = Latency.millis(registry, "kafka.network.requestmetrics.responsesendtimems",
                "Time to hand a response to the socket, ms", tags);
        this.total = Latency.millis(registry, "kafka.network.requestmetrics.totaltimems",
                "Time from a request's frame being read until its response was sent, ms", tags);
    }

    /** Records one served request; see {@code RequestMetrics#served} for the stamps. */
    public void served(short version, long arrived, long dispatched, long handled, long completed, long queued,
                       long sent, ApiMessage body) {
        versionCounter(version).increment();
        requestQueue.record((dispatched - arrived) / NANOS_PER_MS);
        local.record((handled - dispatched) / NANOS_PER_MS);
        remote.record((completed - handled) / NANOS_PER_MS);
        responseQueue.record((queued - completed) / NANOS_PER_MS);
        responseSend.record((sent - queued) / NANOS_PER_MS);
        total.record((sent - arrived) / NANOS_PER_MS);
        if (body != null) {
            ErrorCodes.walk(body, countError);
        }
    }

    private Counter versionCounter(short version) {
        int index = Math.min(Math.max(version, 0), byVersion.length() - 1);
        Counter counter = byVersion.get(index);
        if (counter == null) {
            counter = Counter.builder("kafka.network.requestmetrics.requests")
                    .description("Requests served")
                    .tags("request", request, "version", Integer.toString(index))
                    .register(registry);
            byVersion.set(index, counter);
        }
        return counter;
    }

    private void countError(short code) {
        Errors error = Errors.forCode(code);
        int index = error.ordinal();
        Counter counter = byError.get(index);
        if (counter == null) {
            counter = Counter.builder("kafka.network.requestmetrics.errors")
                    .description("Error codes in responses, NONE included, as Kafka counts them")
                    .tags("request", request, "error", error.name())
                    .register(registry);
            byError.set(index, counter);
        }
        counter.increment();
    }
}
