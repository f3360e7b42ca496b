package io.lanes.conformance.differential;

import io.lanes.conformance.java.RawRequests;
import io.lanes.testkit.BrokerUnderTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListConfigResourcesOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.GetTelemetrySubscriptionsRequestData;
import org.apache.kafka.common.message.GetTelemetrySubscriptionsResponseData;
import org.apache.kafka.common.message.PushTelemetryRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.GetTelemetrySubscriptionsRequest;
import org.apache.kafka.common.requests.GetTelemetrySubscriptionsResponse;
import org.apache.kafka.common.requests.PushTelemetryRequest;
import org.apache.kafka.common.requests.PushTelemetryResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.lanes.conformance.java.Clients.admin;

/**
 * KIP-714 client telemetry sent as single requests, so every field and error code of
 * GetTelemetrySubscriptions and PushTelemetry is compared (the random client instance and
 * subscription ids only as "new" or "same"), and client metrics subscriptions made, described,
 * listed and refused through the Admin API as {@code kafka-client-metrics.sh} does.
 * Apache Kafka serves telemetry only with a receiver plugin: both brokers get
 * {@link TelemetryReceiverReporter} (Lanes ignores it) and a small {@code telemetry.max.bytes}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TelemetryDifferentialTest {
    private static final int MAX_BYTES = 2048;

    @RegisterExtension
    static BothBrokers brokers = BothBrokers.builder()
            .brokerConfig("metric.reporters", TelemetryReceiverReporter.class.getName())
            .brokerConfig("telemetry.max.bytes", String.valueOf(MAX_BYTES))
            .build();

    @Test
    void shouldAnswerTelemetryRequestsWithoutASubscriptionAsKafkaDoes() throws Exception {
        // given
        Scenario<Map<String, String>> noSubscription = broker -> {
            Map<String, String> outcomes = new LinkedHashMap<>();
            try (RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
                GetTelemetrySubscriptionsResponseData first = get(connection, Uuid.ZERO_UUID);
                outcomes.put("get with the zero id", describe(first, Uuid.ZERO_UUID));
                Uuid id = first.clientInstanceId();
                outcomes.put("get again at once", describe(get(connection, id), id));
                outcomes.put("push with another subscription id",
                        push(connection, id, first.subscriptionId() + 1, (byte) 0, new byte[0], false));
                outcomes.put("get after UNKNOWN_SUBSCRIPTION_ID", describe(get(connection, id), id));
                outcomes.put("push with the zero id", push(connection, Uuid.ZERO_UUID, 0, (byte) 0, new byte[0], false));
                outcomes.put("push for an instance never seen",
                        push(connection, Uuid.randomUuid(), 12345, (byte) 0, new byte[0], false));
                GetTelemetrySubscriptionsResponseData renewed = get(connection, Uuid.ZERO_UUID);
                Uuid other = renewed.clientInstanceId();
                outcomes.put("push with compression type 9",
                        push(connection, other, renewed.subscriptionId(), (byte) 9, new byte[0], false));
                outcomes.put("get after UNSUPPORTED_COMPRESSION_TYPE", describe(get(connection, other), other));
            }
            return outcomes;
        };

        // when
        Observations<Map<String, String>> observed = brokers.observe(noSubscription);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldGiveAndEnforceTheSubscriptionMadeWithTheAdminApiAsKafkaDoes() throws Exception {
        // given
        Scenario<Map<String, String>> subscribed = broker -> {
            Map<String, String> outcomes = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                outcomes.put("subscribe", alter(admin, "diff-producers", Map.of(
                        "metrics", "org.apache.kafka.producer., org.apache.kafka.consumer.fetch",
                        "interval.ms", "1000", "match", "client_id=lanes-conf.*")));
                outcomes.put("describe", describeConfigs(admin, "diff-producers"));
                outcomes.put("describe a subscription that does not exist", describeConfigs(admin, "never-made"));
                outcomes.put("listed", String.valueOf(admin.listConfigResources(Set.of(ConfigResource.Type.CLIENT_METRICS),
                        new ListConfigResourcesOptions()).all().get()
                        .contains(new ConfigResource(ConfigResource.Type.CLIENT_METRICS, "diff-producers"))));
            }
            try (RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
                GetTelemetrySubscriptionsResponseData given = awaitSubscription(connection);
                Uuid id = given.clientInstanceId();
                outcomes.put("get with the zero id", describe(given, Uuid.ZERO_UUID));
                outcomes.put("push over telemetry.max.bytes",
                        push(connection, id, given.subscriptionId(), (byte) 0, new byte[MAX_BYTES + 1], false));
                outcomes.put("push again within the interval",
                        push(connection, id, given.subscriptionId(), (byte) 0, new byte[0], false));
                outcomes.put("push terminating", push(connection, id, given.subscriptionId(), (byte) 0, new byte[0], true));
                outcomes.put("push after terminating",
                        push(connection, id, given.subscriptionId(), (byte) 0, new byte[0], false));
            }
            return outcomes;
        };

        // when
        Observations<Map<String, String>> observed = brokers.observe(subscribed);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldRefuseInvalidSubscriptionsAsKafkaDoes() throws Exception {
        // given
        Scenario<Map<String, String>> invalid = broker -> {
            Map<String, String> outcomes = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                outcomes.put("unknown config", alter(admin, "bad", Map.of("metrics.interval", "1000")));
                outcomes.put("interval 99", alter(admin, "bad", Map.of("interval.ms", "99")));
                outcomes.put("interval 3600001", alter(admin, "bad", Map.of("interval.ms", "3600001")));
                outcomes.put("interval not a number", alter(admin, "bad", Map.of("interval.ms", "soon")));
                outcomes.put("match without =", alter(admin, "bad", Map.of("match", "client_id")));
                outcomes.put("match on an unknown attribute", alter(admin, "bad", Map.of("match", "rack=a")));
                outcomes.put("match with a bad regex", alter(admin, "bad", Map.of("match", "client_id=[")));
                outcomes.put("empty name", alter(admin, "", Map.of("interval.ms", "1000")));
                outcomes.put("listed after refusals", String.valueOf(admin.listConfigResources(
                        Set.of(ConfigResource.Type.CLIENT_METRICS), new ListConfigResourcesOptions()).all().get()
                        .contains(new ConfigResource(ConfigResource.Type.CLIENT_METRICS, "bad"))));
            }
            return outcomes;
        };

        // when
        Observations<Map<String, String>> observed = brokers.observe(invalid);

        // then
        observed.assertLanesMatchesKafka();
    }

    /** Kafka applies a subscription once its metadata reaches the broker: ask until it does (10 s at most). */
    private static GetTelemetrySubscriptionsResponseData awaitSubscription(RawRequests.Connection connection)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        GetTelemetrySubscriptionsResponseData response = get(connection, Uuid.ZERO_UUID);
        while (response.requestedMetrics().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = get(connection, Uuid.ZERO_UUID);
        }
        return response;
    }

    private static GetTelemetrySubscriptionsResponseData get(RawRequests.Connection connection, Uuid id)
            throws Exception {
        GetTelemetrySubscriptionsRequest request = new GetTelemetrySubscriptionsRequest.Builder(
                new GetTelemetrySubscriptionsRequestData().setClientInstanceId(id))
                .build(connection.version(ApiKeys.GET_TELEMETRY_SUBSCRIPTIONS));
        return ((GetTelemetrySubscriptionsResponse) connection.send(request)).data();
    }

    private static String push(RawRequests.Connection connection, Uuid id, int subscriptionId, byte compression,
                               byte[] metrics, boolean terminating) throws Exception {
        PushTelemetryRequest request = new PushTelemetryRequest.Builder(new PushTelemetryRequestData()
                .setClientInstanceId(id)
                .setSubscriptionId(subscriptionId)
                .setCompressionType(compression)
                .setMetrics(ByteBuffer.wrap(metrics))
                .setTerminating(terminating))
                .build(connection.version(ApiKeys.PUSH_TELEMETRY));
        PushTelemetryResponse response = (PushTelemetryResponse) connection.send(request);
        return Errors.forCode(response.data().errorCode()).name() + " throttle=" + response.data().throttleTimeMs();
    }

    /** A response with its random ids reduced to what a client may rely on. */
    private static String describe(GetTelemetrySubscriptionsResponseData response, Uuid sent) {
        Uuid id = response.clientInstanceId();
        String instance = id.equals(Uuid.ZERO_UUID) ? "zero" : id.equals(sent) ? "same" : "new";
        List<String> metrics = new ArrayList<>(response.requestedMetrics());
        metrics.sort(null);
        return Errors.forCode(response.errorCode()).name()
                + " instance=" + instance
                + " subscriptionId=" + (response.subscriptionId() == 0 ? "0" : "set")
                + " compression=" + response.acceptedCompressionTypes()
                + " interval=" + response.pushIntervalMs()
                + " maxBytes=" + response.telemetryMaxBytes()
                + " deltas=" + response.deltaTemporality()
                + " metrics=" + metrics
                + " throttle=" + response.throttleTimeMs();
    }

    private static String alter(Admin admin, String name, Map<String, String> configs) throws InterruptedException {
        List<AlterConfigOp> ops = new TreeMap<>(configs).entrySet().stream()
                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                .toList();
        try {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.CLIENT_METRICS, name), ops))
                    .all().get();
            return "NONE";
        } catch (ExecutionException e) {
            return e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
        }
    }

    private static String describeConfigs(Admin admin, String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.CLIENT_METRICS, name);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        Map<String, String> entries = new TreeMap<>();
        for (ConfigEntry entry : config.entries()) {
            entries.put(entry.name(), entry.value() + " " + entry.source() + " " + entry.type()
                    + (entry.isReadOnly() ? " read-only" : "") + (entry.isSensitive() ? " sensitive" : ""));
        }
        return entries.toString();
    }
}
