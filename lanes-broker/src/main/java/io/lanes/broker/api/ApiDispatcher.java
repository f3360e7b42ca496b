package io.lanes.broker.api;

import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Routes each request to the handler of its API and knows which APIs and versions Lanes
 * implements, which is exactly what ApiVersions advertises.
 *
 * <p>Built once at start-up, then read-only and thread-safe.
 */
public final class ApiDispatcher {
    private final Map<ApiKeys, Registration<?>> handlers = new EnumMap<>(ApiKeys.class);
    /** Checks a request as a whole before its handler; null when no authorizer is configured. */
    private Guard guard;

    /** A check of a whole request before it reaches its handler: throws the exception to answer with. */
    @FunctionalInterface
    public interface Guard {
        void check(RequestContext context, ApiMessage request);
    }

    /** Runs {@code guard} before every handler (at start-up, before requests arrive). */
    public ApiDispatcher guard(Guard guard) {
        this.guard = guard;
        return this;
    }

    private record Registration<Q extends ApiMessage>(short minVersion, short maxVersion, short advertisedMin,
                                                      ApiHandler<Q> handler) {
    }

    /**
     * Registers a handler for the versions from the oldest kafka-clients knows up to {@code maxVersion}.
     * The cap is explicit (see {@link ServedVersions}): a newer kafka-clients knowing a newer version
     * must not make ApiVersions advertise it before a handler implements it.
     */
    public <Q extends ApiMessage> ApiDispatcher register(ApiKeys api, short maxVersion, ApiHandler<Q> handler) {
        return register(api, api.oldestVersion(), maxVersion, handler);
    }

    /** Registers a handler for the versions {@code minVersion..maxVersion} of the API. */
    public <Q extends ApiMessage> ApiDispatcher register(ApiKeys api, short minVersion, short maxVersion,
                                                         ApiHandler<Q> handler) {
        if (minVersion < api.oldestVersion() || maxVersion > api.latestVersion() || minVersion > maxVersion) {
            throw new IllegalArgumentException(api + " versions " + minVersion + ".." + maxVersion
                    + " are outside " + api.oldestVersion() + ".." + api.latestVersion());
        }
        handlers.put(api, new Registration<>(minVersion, maxVersion, minVersion, handler));
        return this;
    }

    /**
     * Lists versions of a registered API from {@code version} up in ApiVersions without serving
     * them, as Kafka 4 does for Produce v0-v2 (KAFKA-18659): librdkafka 2.x compresses with lz4
     * only when the broker lists Produce v0. A request at such a version is still unsupported.
     */
    public ApiDispatcher advertiseUnservedVersionsFrom(ApiKeys api, short version) {
        Registration<?> r = handlers.get(api);
        handlers.put(api, new Registration<>(r.minVersion, r.maxVersion, version, r.handler));
        return this;
    }

    public boolean supports(ApiKeys api, short version) {
        Registration<?> registration = handlers.get(api);
        return registration != null && version >= registration.minVersion && version <= registration.maxVersion;
    }

    /** The implemented APIs with their version ranges, for the ApiVersions response. */
    public ApiVersionCollection apiVersions() {
        ApiVersionCollection versions = new ApiVersionCollection();
        handlers.forEach((api, registration) -> versions.add(new ApiVersion()
                .setApiKey(api.id)
                .setMinVersion(registration.advertisedMin)
                .setMaxVersion(registration.maxVersion)));
        return versions;
    }

    /**
     * Passes a request to its handler. The caller has checked {@link #supports}.
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<? extends ApiMessage> dispatch(RequestContext context, ApiMessage request) {
        Registration<ApiMessage> registration = (Registration<ApiMessage>) handlers.get(context.header().apiKey());
        if (guard != null) {
            guard.check(context, request);
        }
        return registration.handler.handle(context, request);
    }
}
