package io.lanes.broker.telemetry;

import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TelemetryTooLargeException;
import org.apache.kafka.common.errors.ThrottlingQuotaExceededException;
import org.apache.kafka.common.errors.UnknownSubscriptionIdException;
import org.apache.kafka.common.errors.UnsupportedCompressionTypeException;
import org.apache.kafka.common.message.GetTelemetrySubscriptionsRequestData;
import org.apache.kafka.common.message.GetTelemetrySubscriptionsResponseData;
import org.apache.kafka.common.message.PushTelemetryRequestData;
import org.apache.kafka.common.message.PushTelemetryResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves GetTelemetrySubscriptions and PushTelemetry (KIP-714) as Kafka 4.1's
 * {@code ClientMetricsManager}:
 * <ul>
 *   <li>Get: a client sending the zero id gets a new client instance id. Its subscription is
 *       the union of the matching subscriptions' metrics and their shortest interval (none
 *       matching: no metrics, 300000 ms), with Kafka's subscription id, compression types
 *       zstd, lz4, gzip, snappy, {@code telemetry.max.bytes} and delta temporality. A second
 *       Get within the push interval is THROTTLING_QUOTA_EXCEEDED, unless the last push failed
 *       with UNKNOWN_SUBSCRIPTION_ID or UNSUPPORTED_COMPRESSION_TYPE. A subscription change
 *       re-evaluates every instance at its next request.</li>
 *   <li>Push, checked in Kafka's order: a zero or reserved instance id is INVALID_REQUEST;
 *       a push after a terminating one INVALID_REQUEST; a push within the interval (neither the
 *       first after a Get nor terminating) THROTTLING_QUOTA_EXCEEDED; another subscription id
 *       UNKNOWN_SUBSCRIPTION_ID; an unknown compression type UNSUPPORTED_COMPRESSION_TYPE; a
 *       payload over {@code telemetry.max.bytes} TELEMETRY_TOO_LARGE. The payload is then
 *       decoded ({@link OtlpPayload}) into {@link ClientTelemetry}: one that cannot be decoded
 *       is INVALID_RECORD, one that inflates beyond the limit TELEMETRY_TOO_LARGE.</li>
 * </ul>
 * Thread-safe.
 */
final class TelemetryRequests {
    private static final Logger log = LoggerFactory.getLogger(TelemetryRequests.class);
    /** In the broker's order of preference, as Kafka: the client takes the first it supports. */
    static final List<Byte> COMPRESSION_TYPES = List.of(CompressionType.ZSTD.id, CompressionType.LZ4.id,
            CompressionType.GZIP.id, CompressionType.SNAPPY.id);

    private final ClientMetricsSubscriptions subscriptions;
    private final ClientTelemetry telemetry;
    private final ClientInstances instances = new ClientInstances();
    private final int maxBytes;
    private final Time time;

    TelemetryRequests(ClientMetricsSubscriptions subscriptions, ClientTelemetry telemetry, int maxBytes, Time time) {
        this.subscriptions = subscriptions;
        this.telemetry = telemetry;
        this.maxBytes = maxBytes;
        this.time = time;
    }

    GetTelemetrySubscriptionsResponseData get(RequestContext context, GetTelemetrySubscriptionsRequestData request) {
        long now = time.milliseconds();
        Uuid id = request.clientInstanceId();
        if (id == null || id.equals(Uuid.ZERO_UUID)) {
            id = newInstanceId();
        }
        ClientInstance instance = instance(id, context, now);
        if (!instance.tryGet(now) && instance.lastKnownError() != Errors.UNKNOWN_SUBSCRIPTION_ID
                && instance.lastKnownError() != Errors.UNSUPPORTED_COMPRESSION_TYPE) {
            ApiError error = ApiError.fromThrowable(new ThrottlingQuotaExceededException("Request from the client ["
                    + request.clientInstanceId() + "] arrived before the next push interval time"));
            return new GetTelemetrySubscriptionsResponseData().setErrorCode(error.error().code());
        }
        instance.lastKnownError(Errors.NONE);
        return new GetTelemetrySubscriptionsResponseData()
                .setClientInstanceId(id)
                .setSubscriptionId(instance.subscriptionId())
                .setRequestedMetrics(new ArrayList<>(instance.metrics()))
                .setAcceptedCompressionTypes(new ArrayList<>(COMPRESSION_TYPES))
                .setPushIntervalMs(instance.pushIntervalMs())
                .setTelemetryMaxBytes(maxBytes)
                .setDeltaTemporality(true)
                .setErrorCode(Errors.NONE.code());
    }

    PushTelemetryResponseData push(RequestContext context, PushTelemetryRequestData request) {
        Uuid id = request.clientInstanceId();
        if (id == null || Uuid.RESERVED.contains(id)) {
            return error(new InvalidRequestException("Invalid request from the client [" + id
                    + "], invalid client instance id"));
        }
        long now = time.milliseconds();
        ClientInstance instance = instance(id, context, now);
        try {
            validate(request, instance, now);
        } catch (ApiException e) {
            log.debug("Push telemetry from client instance {} refused: {}", id, e.getMessage());
            instance.lastKnownError(Errors.forException(e));
            return error(e);
        } finally {
            instance.terminating(request.terminating());
        }
        ByteBuffer metrics = request.metrics();
        if (metrics != null && metrics.remaining() > 0) {
            try {
                OtlpPayload.Decoded decoded = OtlpPayload.decode(metrics,
                        CompressionType.forId(request.compressionType()), maxBytes);
                telemetry.record(instance.attributes(), instance.pushIntervalMs(), decoded, request.terminating(), now);
            } catch (ApiException e) {
                log.warn("Cannot read the telemetry of client instance {}: {}", id, e.getMessage());
                Errors error = e instanceof TelemetryTooLargeException ? Errors.TELEMETRY_TOO_LARGE : Errors.INVALID_RECORD;
                instance.lastKnownError(error);
                return new PushTelemetryResponseData().setErrorCode(error.code());
            }
        }
        instance.lastKnownError(Errors.NONE);
        return new PushTelemetryResponseData();
    }

    /** Forgets expired client instances and reports (run periodically). */
    void expire() {
        long now = time.milliseconds();
        instances.expire(now);
        telemetry.expire(now);
    }

    private void validate(PushTelemetryRequestData request, ClientInstance instance, long now) {
        if (instance.terminating()) {
            throw new InvalidRequestException("Client [" + request.clientInstanceId() + "] sent the previous request "
                    + "with state terminating to TRUE, can not acceptany requests after that");
        }
        if (!instance.tryPush(now) && !request.terminating()) {
            throw new ThrottlingQuotaExceededException("Request from the client [" + request.clientInstanceId()
                    + "] arrived before the next push interval time");
        }
        if (request.subscriptionId() != instance.subscriptionId()) {
            throw new UnknownSubscriptionIdException("Unknown client subscription id for the client ["
                    + request.clientInstanceId() + "]");
        }
        try {
            CompressionType.forId(request.compressionType());
        } catch (IllegalArgumentException e) {
            throw new UnsupportedCompressionTypeException("Unknown compression type [" + request.compressionType()
                    + "] is received in telemetry request from [" + request.clientInstanceId() + "]");
        }
        if (request.metrics() != null && request.metrics().remaining() > maxBytes) {
            throw new TelemetryTooLargeException("Telemetry request from [" + request.clientInstanceId()
                    + "] is larger than the maximum allowed size [" + maxBytes + "]");
        }
    }

    private static PushTelemetryResponseData error(ApiException e) {
        return new PushTelemetryResponseData().setErrorCode(Errors.forException(e).code());
    }

    private ClientInstance instance(Uuid id, RequestContext context, long now) {
        SocketAddress remote = context.clientAddress();
        String address = "";
        int port = -1;
        if (remote instanceof InetSocketAddress inet) {
            address = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            port = inet.getPort();
        }
        ClientAttributes attributes = new ClientAttributes(id, context.clientId(), context.clientSoftwareName(),
                context.clientSoftwareVersion(), address, port);
        int version = subscriptions.version();
        return instances.get(id, version, now, attributes,
                client -> ClientInstance.evaluate(client, subscriptions.subscriptions(), version));
    }

    private Uuid newInstanceId() {
        Uuid id = Uuid.randomUuid();
        while (instances.contains(id) || Uuid.RESERVED.contains(id)) {
            id = Uuid.randomUuid();
        }
        return id;
    }
}
