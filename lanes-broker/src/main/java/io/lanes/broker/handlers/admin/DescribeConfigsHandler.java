package io.lanes.broker.handlers.admin;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.BrokerServices;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.metadata.TopicInfo;
import io.lanes.broker.telemetry.ClientMetricsSubscriptions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeConfigs, as Kafka's {@code ConfigHelper.describeConfigs}:
 * <ul>
 *   <li>TOPIC: every topic config ({@code LogConfig.configDef()}, internal ones left out) with
 *       its value in force and its source ({@code DYNAMIC_TOPIC_CONFIG} for an override, else
 *       the broker layer its main synonym comes from, else {@code DEFAULT_CONFIG}); see
 *       {@link ConfigEntries}. An invalid name gets INVALID_TOPIC_EXCEPTION, an unknown topic
 *       UNKNOWN_TOPIC_OR_PARTITION.</li>
 *   <li>BROKER "" (cluster-wide): the dynamic cluster-wide configs only. BROKER with this node's
 *       id: every broker config Lanes knows and every key set, read-only unless dynamic. Another
 *       id, or a name that is not a number, gets INVALID_REQUEST with Kafka's message.</li>
 *   <li>CLIENT_METRICS (KIP-714 subscriptions): {@code metrics}, {@code interval.ms} and
 *       {@code match}, set or default (also for a subscription that does not exist, as Kafka);
 *       an empty name is INVALID_REQUEST.</li>
 *   <li>BROKER_LOGGER with this node's id: the root logger's level as slf4j reports it (Lanes
 *       has no per-logger view of the logging backend). Other types: INVALID_REQUEST.</li>
 * </ul>
 * {@code configurationKeys} null or empty means all. Synonyms and documentation (v3+) only when
 * asked for. Entries are sorted by name (Kafka's order is arbitrary).
 */
public final class DescribeConfigsHandler implements ApiHandler<DescribeConfigsRequestData> {
    private static final Logger log = LoggerFactory.getLogger(DescribeConfigsHandler.class);

    private final BrokerServices broker;
    private final ClientMetricsSubscriptions clientMetrics;

    public DescribeConfigsHandler(BrokerServices broker, ClientMetricsSubscriptions clientMetrics) {
        this.broker = broker;
        this.clientMetrics = clientMetrics;
    }

    /** Describes the client metrics subscriptions stored in the broker's data directory. */
    public DescribeConfigsHandler(BrokerServices broker) {
        this(broker, ClientMetricsSubscriptions.open(broker.dataDir()));
    }

    @Override
    public CompletableFuture<DescribeConfigsResponseData> handle(RequestContext context,
                                                                DescribeConfigsRequestData request) {
        boolean documentation = context.apiVersion() >= 3 && request.includeDocumentation();
        DescribeConfigsResponseData response = new DescribeConfigsResponseData();
        for (DescribeConfigsResource resource : request.resources()) {
            DescribeConfigsResult result;
            Errors refused = ConfigAuthorization.refusal(broker.authorizer(), context, resource.resourceType(),
                    resource.resourceName(), false);
            if (refused != null) {
                response.results().add(new DescribeConfigsResult()
                        .setErrorCode(refused.code())
                        .setErrorMessage(refused.message())
                        .setConfigs(new ArrayList<>())
                        .setResourceType(resource.resourceType())
                        .setResourceName(resource.resourceName()));
                continue;
            }
            try {
                result = describe(resource, request.includeSynonyms(), documentation);
            } catch (ApiException e) {
                log.debug("Cannot describe configs of {}", resource, e);
                ApiError error = ApiError.fromThrowable(e);
                result = new DescribeConfigsResult()
                        .setErrorCode(error.error().code())
                        .setErrorMessage(error.message())
                        .setConfigs(new ArrayList<>());
            }
            response.results().add(result
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName()));
        }
        return CompletableFuture.completedFuture(response);
    }

    private DescribeConfigsResult describe(DescribeConfigsResource resource, boolean synonyms, boolean documentation) {
        String name = resource.resourceName();
        List<String> keys = resource.configurationKeys();
        BrokerConfig config = broker.config();
        ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
        switch (type) {
            case TOPIC -> {
                Topic.validate(name);
                Optional<TopicInfo> topic = broker.topics().topic(name);
                if (topic.isEmpty()) {
                    return new DescribeConfigsResult().setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                }
                return ok(ConfigEntries.describeTopic(config, broker.topics().logConfig(topic.get().configs()),
                        topic.get().configs(), keys, synonyms, documentation));
            }
            case BROKER -> {
                if (name == null || name.isEmpty()) {
                    return ok(ConfigEntries.describeBroker(config, false, keys, synonyms, documentation));
                }
                if (brokerId(name) != broker.nodeId()) {
                    throw new InvalidRequestException("Unexpected broker id, expected " + broker.nodeId()
                            + " or empty string, but received " + name);
                }
                return ok(ConfigEntries.describeBroker(config, true, keys, synonyms, documentation));
            }
            case BROKER_LOGGER -> {
                if (name == null || name.isEmpty()) {
                    throw new InvalidRequestException("Broker id must not be empty");
                }
                if (brokerId(name) != broker.nodeId()) {
                    throw new InvalidRequestException("Unexpected broker id, expected " + broker.nodeId()
                            + " but received " + name);
                }
                return ok(rootLogger(keys));
            }
            case CLIENT_METRICS -> {
                if (name == null || name.isEmpty()) {
                    throw new InvalidRequestException("Client metrics subscription name must not be empty");
                }
                return ok(ConfigEntries.describeClientMetrics(clientMetrics.configs(name), keys, synonyms,
                        documentation));
            }
            default -> throw new InvalidRequestException("Unsupported resource type: " + type);
        }
    }

    private static List<DescribeConfigsResourceResult> rootLogger(List<String> keys) {
        if (keys != null && !keys.isEmpty() && !keys.contains("root")) {
            return new ArrayList<>();
        }
        Logger rootLogger = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        String level = rootLogger.isTraceEnabled() ? "TRACE" : rootLogger.isDebugEnabled() ? "DEBUG"
                : rootLogger.isInfoEnabled() ? "INFO" : rootLogger.isWarnEnabled() ? "WARN"
                : rootLogger.isErrorEnabled() ? "ERROR" : "OFF";
        List<DescribeConfigsResourceResult> entries = new ArrayList<>();
        entries.add(new DescribeConfigsResourceResult()
                .setName("root")
                .setValue(level)
                .setConfigSource(ConfigSource.DYNAMIC_BROKER_LOGGER_CONFIG.id())
                .setIsSensitive(false)
                .setReadOnly(false)
                .setConfigType(ConfigType.UNKNOWN.id()));
        return entries;
    }

    private static DescribeConfigsResult ok(List<DescribeConfigsResourceResult> entries) {
        return new DescribeConfigsResult().setErrorCode(Errors.NONE.code()).setConfigs(entries);
    }

    static int brokerId(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Broker id must be an integer, but it is: " + name);
        }
    }
}
