package io.lanes.broker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
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
 * allocates nothing here. The six stage times are {@link Latency} distributions: a request costs six lock-free
 * histogram increments, percentiles are computed on a scrape.
 */
public final class ApiMeters {
    private static final Errors[] ERRORS = Errors.values();

    private final MeterRegistry registry;
    private final String request;
    private final AtomicReferenceArray<Counter> byVersion;
    private final AtomicReferenceArray<Counter> byError = new AtomicReferenceArray<>(ERRORS.length);
    private final Latency requestQueue;
    private final Latency local;
    private final Latency remote;
    private final Latency responseQueue;
    private final Latency responseSend;
    private final Latency total;
    private final ErrorCodes.Sink countError = this::countError;
    /** Set once counting a response failed, so the failure is logged once. */
    public volatile boolean failed;

    public ApiMeters(MeterRegistry registry, Latencies latencies, ApiKeys api) {
        this.registry = registry;
        this.request = api.name;
        this.byVersion = new AtomicReferenceArray<>(api.latestVersion() + 1);
        this.requestQueue = latencies.millis("kafka.network.requestmetrics.requestqueuetimems",
                "Time from a request's frame being read until its handler runs, ms", "request", request);
        this.local = latencies.millis("kafka.network.requestmetrics.localtimems",
                "Time the handler works on a request, ms", "request", request);
        this.remote = latencies.millis("kafka.network.requestmetrics.remotetimems",
                "Time a request waits after its handler (fsync, long poll, rebalance), ms", "request", request);
        this.responseQueue = latencies.millis("kafka.network.requestmetrics.responsequeuetimems",
                "Time a ready response waits behind earlier responses of its connection, ms", "request", request);
        this.responseSend = latencies.millis("kafka.network.requestmetrics.responsesendtimems",
                "Time to hand a response to the socket, ms", "request", request);
        this.total = latencies.millis("kafka.network.requestmetrics.totaltimems",
                "Time from a request's frame being read until its response was sent, ms", "request", request);
    }

    /** Records one served request; see {@code RequestMetrics#served} for the stamps. */
    public void served(short version, long arrived, long dispatched, long handled, long completed, long queued,
                       long sent, ApiMessage body) {
        versionCounter(version).increment();
        requestQueue.record(dispatched - arrived, sent);
        local.record(handled - dispatched, sent);
        remote.record(completed - handled, sent);
        responseQueue.record(queued - completed, sent);
        responseSend.record(sent - queued, sent);
        total.record(sent - arrived, sent);
        if (body instanceof ProduceResponseData produce) {
            countErrors(produce);
        } else if (body instanceof FetchResponseData fetch) {
            countErrors(fetch);
        } else if (body != null) {
            ErrorCodes.walk(body, countError);
        }
    }

    /**
     * Produce and fetch, the APIs served most, are walked by plain code (what {@link ErrorCodes#walk} finds in
     * them, cheaper: no method handles on the request path): produce has an error code per partition, fetch one at
     * the top and one per partition.
     */
    private void countErrors(ProduceResponseData produce) {
        for (ProduceResponseData.TopicProduceResponse topic : produce.responses()) {
            for (ProduceResponseData.PartitionProduceResponse partition : topic.partitionResponses()) {
                countError(partition.errorCode());
            }
        }
    }

    private void countErrors(FetchResponseData fetch) {
        countError(fetch.errorCode());
        for (FetchResponseData.FetchableTopicResponse topic : fetch.responses()) {
            for (FetchResponseData.PartitionData partition : topic.partitions()) {
                countError(partition.errorCode());
            }
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
        // Errors.forCode looks the code up in a map; NONE, by far the most frequent, is known without it
        Errors error = code == 0 ? Errors.NONE : Errors.forCode(code);
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
