package io.lanes.broker.telemetry;

import io.lanes.broker.api.ServedVersions;
import io.lanes.broker.api.RequestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.GetTelemetrySubscriptionsRequestData;
import org.apache.kafka.common.message.GetTelemetrySubscriptionsResponseData;
import org.apache.kafka.common.message.PushTelemetryRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.telemetry.internals.ClientTelemetryUtils;
import org.apache.kafka.shaded.io.opentelemetry.proto.common.v1.AnyValue;
import org.apache.kafka.shaded.io.opentelemetry.proto.common.v1.KeyValue;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.Gauge;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.Metric;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.MetricsData;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.Sum;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The KIP-714 request rules on a mock clock, with payloads encoded as kafka-clients encodes them. */
class TelemetryRequestsTest {
    private static final String SEND_TOTAL = "org.apache.kafka.producer.record.send.total";
    private static final String LATENCY = "org.apache.kafka.producer.request.latency.avg";

    @TempDir
    Path dataDir;

    private final ManualTime time = new ManualTime(1_000_000);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ClientMetricsSubscriptions subscriptions;
    private ClientTelemetry telemetry;
    private TelemetryRequests requests;

    @BeforeEach
    void setUp() {
        subscriptions = ClientMetricsSubscriptions.open(dataDir);
        telemetry = new ClientTelemetry(meters);
        requests = new TelemetryRequests(subscriptions, telemetry, 4096, time);
        subscriptions.alter("all", c -> Map.of("metrics", "org.apache.kafka.producer.", "interval.ms", "1000"), false);
    }

    @Test
    void shouldAddUpDeltasAndKeepTheLatestGaugeWhenAClientPushesTwice() throws Exception {
        // given
        GetTelemetrySubscriptionsResponseData given = get(Uuid.ZERO_UUID);

        // when
        Errors first = push(given, payload(10, 5.0, CompressionType.ZSTD), CompressionType.ZSTD);
        time.sleep(1_000);
        Errors second = push(given, payload(7, 3.0, CompressionType.GZIP), CompressionType.GZIP);

        // then
        assertThat(first).isEqualTo(Errors.NONE);
        assertThat(second).isEqualTo(Errors.NONE);
        ClientReport report = telemetry.snapshot().get(0);
        assertThat(report.clientId()).isEqualTo("producer-1");
        assertThat(report.softwareName()).isEqualTo("apache-kafka-java");
        assertThat(report.resource()).containsEntry("client_id", "producer-1");
        assertThat(report.value(SEND_TOTAL)).contains(17.0);
        assertThat(report.value(LATENCY)).contains(3.0);
        assertThat(meters.find(ClientTelemetry.METER).tag("metric", SEND_TOTAL).gauge().value()).isEqualTo(17.0);
    }

    @Test
    void shouldAnswerInvalidRecordWhenThePayloadIsNotOtlp() {
        // given
        GetTelemetrySubscriptionsResponseData given = get(Uuid.ZERO_UUID);

        // when
        Errors error = push(given, ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}), CompressionType.NONE);

        // then
        assertThat(error).isEqualTo(Errors.INVALID_RECORD);
        assertThat(telemetry.snapshot()).isEmpty();
    }

    @Test
    void shouldAnswerTelemetryTooLargeWhenThePayloadInflatesBeyondTheLimit() throws Exception {
        // given
        GetTelemetrySubscriptionsResponseData given = get(Uuid.ZERO_UUID);
        MetricsData.Builder big = MetricsData.newBuilder();
        for (int i = 0; i < 400; i++) {
            big.addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
                    .addMetrics(gauge(LATENCY + ".padding.padding.padding", 1.0))));
        }
        ByteBuffer compressed = ClientTelemetryUtils.compress(big.build(), CompressionType.ZSTD);

        // when
        Errors error = push(given, compressed, CompressionType.ZSTD);

        // then
        assertThat(compressed.remaining()).isLessThan(4096);
        assertThat(error).isEqualTo(Errors.TELEMETRY_TOO_LARGE);
    }

    @Test
    void shouldForgetAClientAndItsMetersWhenItStopsPushingForThreeIntervals() throws Exception {
        // given
        GetTelemetrySubscriptionsResponseData given = get(Uuid.ZERO_UUID);
        push(given, payload(1, 1.0, CompressionType.LZ4), CompressionType.LZ4);

        // when
        time.sleep(3_000);
        requests.expire();
        int afterThreeIntervals = telemetry.snapshot().size();
        time.sleep(1);
        requests.expire();

        // then
        assertThat(afterThreeIntervals).isEqualTo(1);
        assertThat(telemetry.snapshot()).isEmpty();
        assertThat(meters.find(ClientTelemetry.METER).gauges()).isEmpty();
    }

    @Test
    void shouldGiveTheNewSubscriptionWhenItChangesBeforeTheInterval() {
        // given
        GetTelemetrySubscriptionsResponseData before = get(Uuid.ZERO_UUID);

        // when
        subscriptions.alter("all", c -> Map.of("metrics", "*", "interval.ms", "2000"), false);
        GetTelemetrySubscriptionsResponseData after = get(before.clientInstanceId());

        // then
        assertThat(after.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(after.requestedMetrics()).containsExactly("*");
        assertThat(after.pushIntervalMs()).isEqualTo(2000);
        assertThat(after.subscriptionId()).isNotEqualTo(before.subscriptionId());
        assertThat(push(before, ByteBuffer.allocate(0), CompressionType.NONE)).isEqualTo(Errors.UNKNOWN_SUBSCRIPTION_ID);
    }

    @Test
    void shouldKeepNoMoreClientsThanTheCap() throws Exception {
        // given
        for (int i = 0; i < ClientTelemetry.MAX_CLIENTS + 5; i++) {
            GetTelemetrySubscriptionsResponseData given = get(Uuid.ZERO_UUID);

            // when
            push(given, payload(1, 1.0, CompressionType.NONE), CompressionType.NONE);
        }

        // then
        assertThat(telemetry.snapshot()).hasSize(ClientTelemetry.MAX_CLIENTS);
    }

    private GetTelemetrySubscriptionsResponseData get(Uuid id) {
        return requests.get(context(ApiKeys.GET_TELEMETRY_SUBSCRIPTIONS),
                new GetTelemetrySubscriptionsRequestData().setClientInstanceId(id));
    }

    private Errors push(GetTelemetrySubscriptionsResponseData given, ByteBuffer metrics, CompressionType compression) {
        return Errors.forCode(requests.push(context(ApiKeys.PUSH_TELEMETRY), new PushTelemetryRequestData()
                .setClientInstanceId(given.clientInstanceId())
                .setSubscriptionId(given.subscriptionId())
                .setCompressionType(compression.id)
                .setMetrics(metrics)).errorCode());
    }

    private static RequestContext context(ApiKeys api) {
        return new RequestContext(new RequestHeader(api, ServedVersions.latest(api), "producer-1", 1),
                new InetSocketAddress("127.0.0.1", 50000), null, "apache-kafka-java", "4.1.1");
    }

    /** What a producer pushes: a delta counter and a gauge, compressed as kafka-clients compresses them. */
    private static ByteBuffer payload(long sent, double latency, CompressionType compression) throws Exception {
        Metric sendTotal = Metric.newBuilder().setName(SEND_TOTAL).setSum(Sum.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                .setIsMonotonic(true)
                .addDataPoints(NumberDataPoint.newBuilder().setAsDouble(sent))).build();
        MetricsData data = MetricsData.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(org.apache.kafka.shaded.io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                        .addAttributes(KeyValue.newBuilder().setKey("client_id")
                                .setValue(AnyValue.newBuilder().setStringValue("producer-1"))))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(sendTotal).addMetrics(gauge(LATENCY, latency))))
                .build();
        return compression == CompressionType.NONE ? ByteBuffer.wrap(data.toByteArray())
                : ClientTelemetryUtils.compress(data, compression);
    }

    private static Metric gauge(String name, double value) {
        return Metric.newBuilder().setName(name)
                .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsDouble(value))).build();
    }
}
