package io.lanes.broker.telemetry;

import io.lanes.broker.api.ServedVersions;
import io.lanes.broker.api.ApiDispatcher;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.utils.Time;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * KIP-714 client telemetry in a broker: the subscriptions (loaded from the data directory),
 * the GetTelemetrySubscriptions and PushTelemetry handlers, the reports they feed, and a daemon
 * thread that expires silent clients every second. {@link #close} stops it and removes the
 * meters. Thread-safe.
 */
public final class ClientTelemetryService implements AutoCloseable {
    private static final long EXPIRY_CHECK_MS = 1_000;

    private final ClientMetricsSubscriptions subscriptions;
    private final ClientTelemetry telemetry;
    private final TelemetryRequests requests;
    private final ScheduledExecutorService expiry;

    private ClientTelemetryService(ClientMetricsSubscriptions subscriptions, ClientTelemetry telemetry,
                                   TelemetryRequests requests) {
        this.subscriptions = subscriptions;
        this.telemetry = telemetry;
        this.requests = requests;
        this.expiry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "lanes-client-telemetry-expiry");
            thread.setDaemon(true);
            return thread;
        });
        expiry.scheduleWithFixedDelay(requests::expire, EXPIRY_CHECK_MS, EXPIRY_CHECK_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens the subscriptions stored in {@code dataDir} and registers both telemetry APIs.
     *
     * @param maxBytes the broker's {@code telemetry.max.bytes}
     */
    public static ClientTelemetryService register(ApiDispatcher dispatcher, Path dataDir, int maxBytes,
                                                  MeterRegistry meters, Time time) {
        ClientMetricsSubscriptions subscriptions = ClientMetricsSubscriptions.open(dataDir);
        ClientTelemetry telemetry = new ClientTelemetry(meters);
        TelemetryRequests requests = new TelemetryRequests(subscriptions, telemetry, maxBytes, time);
        dispatcher
                .register(ApiKeys.GET_TELEMETRY_SUBSCRIPTIONS, ServedVersions.GET_TELEMETRY_SUBSCRIPTIONS, new GetTelemetrySubscriptionsHandler(requests))
                .register(ApiKeys.PUSH_TELEMETRY, ServedVersions.PUSH_TELEMETRY, new PushTelemetryHandler(requests));
        return new ClientTelemetryService(subscriptions, telemetry, requests);
    }

    /** The CLIENT_METRICS config resources, for the config APIs. */
    public ClientMetricsSubscriptions subscriptions() {
        return subscriptions;
    }

    /** What clients report. */
    public ClientTelemetry telemetry() {
        return telemetry;
    }

    @Override
    public void close() {
        expiry.shutdownNow();
        telemetry.clear();
    }
}
