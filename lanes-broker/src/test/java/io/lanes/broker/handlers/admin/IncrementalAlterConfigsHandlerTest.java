package io.lanes.broker.handlers.admin;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.DynamicBrokerConfig;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IncrementalAlterConfigsHandlerTest {
    @TempDir
    Path dataDir;
    private AdminFixture broker;
    private IncrementalAlterConfigsHandler handler;

    @BeforeEach
    void start() {
        restart();
        broker.createTopic("t", 1, Map.of("segment.ms", "3600000"));
    }

    private void restart() {
        if (broker != null) {
            broker.close();
        }
        broker = AdminFixture.start(dataDir, "log.retention.hours", "24");
        handler = new IncrementalAlterConfigsHandler(new ConfigUpdates(broker.services));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static AlterableConfig op(String name, OpType type, String value) {
        return new AlterableConfig().setName(name).setConfigOperation(type.id()).setValue(value);
    }

    private static AlterConfigsResource resource(ConfigResource.Type type, String name, AlterableConfig... ops) {
        AlterConfigsResource resource = new AlterConfigsResource().setResourceType(type.id()).setResourceName(name);
        for (AlterableConfig op : ops) {
            resource.configs().add(op);
        }
        return resource;
    }

    private List<AlterConfigsResourceResponse> alter(boolean validateOnly, AlterConfigsResource... resources) {
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData().setValidateOnly(validateOnly);
        for (AlterConfigsResource resource : resources) {
            request.resources().add(resource);
        }
        IncrementalAlterConfigsResponseData response = AdminFixture.call(handler, ApiKeys.INCREMENTAL_ALTER_CONFIGS, request);
        return response.responses();
    }

    private AlterConfigsResourceResponse alterOne(AlterConfigsResource resource) {
        List<AlterConfigsResourceResponse> responses = alter(false, resource);
        assertThat(responses).hasSize(1);
        return responses.get(0);
    }

    private DescribeConfigsResourceResult describe(ConfigResource.Type type, String name, String key) {
        DescribeConfigsResponseData response = AdminFixture.call(new DescribeConfigsHandler(broker.services),
                ApiKeys.DESCRIBE_CONFIGS, new DescribeConfigsRequestData().setResources(List.of(
                        new DescribeConfigsResource().setResourceType(type.id()).setResourceName(name)
                                .setConfigurationKeys(List.of(key)))));
        return response.results().get(0).configs().get(0);
    }

    @Test
    void shouldSetAndDeleteTopicOverridesWhenAltered() {
        // when
        AlterConfigsResourceResponse response = alterOne(resource(ConfigResource.Type.TOPIC, "t",
                op("retention.ms", OpType.SET, "7200000"), op("segment.ms", OpType.DELETE, null)));

        // then
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(broker.topics().topic("t").orElseThrow().configs()).isEqualTo(Map.of("retention.ms", "7200000"));
        assertThat(broker.log("t", 0).config().retentionMs()).isEqualTo(7_200_000L);
        assertThat(broker.log("t", 0).config().segmentMs()).isEqualTo(604_800_000L);
    }

    @Test
    void shouldAppendThenSubtractListItemsWhenAlteringCleanupPolicy() {
        // when
        AlterConfigsResourceResponse appended = alterOne(resource(ConfigResource.Type.TOPIC, "t",
                op("cleanup.policy", OpType.APPEND, "compact")));
        String afterAppend = broker.topics().topic("t").orElseThrow().configs().get("cleanup.policy");
        AlterConfigsResourceResponse subtracted = alterOne(resource(ConfigResource.Type.TOPIC, "t",
                op("cleanup.policy", OpType.SUBTRACT, "delete")));
        String afterSubtract = broker.topics().topic("t").orElseThrow().configs().get("cleanup.policy");

        // then
        assertThat(Errors.forCode(appended.errorCode())).isEqualTo(Errors.NONE);
        assertThat(afterAppend).isEqualTo("delete,compact");
        assertThat(Errors.forCode(subtracted.errorCode())).isEqualTo(Errors.NONE);
        assertThat(afterSubtract).isEqualTo("compact");
        assertThat(broker.log("t", 0).config().compactEnabled()).isTrue();
        assertThat(broker.log("t", 0).config().deleteEnabled()).isFalse();
    }

    @Test
    void shouldAnswerInvalidConfigWhenAppendingToConfigThatIsNotAList() {
        // when
        AlterConfigsResourceResponse response = alterOne(resource(ConfigResource.Type.TOPIC, "t",
                op("retention.ms", OpType.APPEND, "1")));

        // then
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(response.errorMessage()).isEqualTo("Can't APPEND to key retention.ms because its type is not LIST.");
    }

    @Test
    void shouldAnswerInvalidConfigAndChangeNothingWhenValueIsInvalid() {
        // when
        AlterConfigsResourceResponse response = alterOne(resource(ConfigResource.Type.TOPIC, "t",
                op("retention.ms", OpType.SET, "1000"), op("segment.ms", OpType.SET, "not-a-number")));

        // then
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(response.errorMessage())
                .isEqualTo("Invalid value not-a-number for configuration segment.ms: Not a number of type LONG");
        assertThat(broker.topics().topic("t").orElseThrow().configs()).isEqualTo(Map.of("segment.ms", "3600000"));
    }

    @Test
    void shouldAnswerUnknownTopicWhenTopicIsMissing() {
        // when
        AlterConfigsResourceResponse response = alterOne(resource(ConfigResource.Type.TOPIC, "missing",
                op("retention.ms", OpType.SET, "1000")));

        // then
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(response.errorMessage()).isEqualTo("The topic 'missing' does not exist.");
    }

    @Test
    void shouldChangeNothingWhenValidateOnly() {
        // when
        List<AlterConfigsResourceResponse> responses = alter(true,
                resource(ConfigResource.Type.TOPIC, "t", op("retention.ms", OpType.SET, "1000")),
                resource(ConfigResource.Type.BROKER, "1", op("log.retention.ms", OpType.SET, "1000")));

        // then
        assertThat(responses).allSatisfy(r -> assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.NONE));
        assertThat(broker.topics().topic("t").orElseThrow().configs()).doesNotContainKey("retention.ms");
        assertThat(broker.services.config().dynamicNodeConfigs()).isEmpty();
        assertThat(DynamicBrokerConfig.file(dataDir)).doesNotExist();
    }

    @Test
    void shouldAnswerInvalidRequestWhenResourceOrKeyIsRepeatedOrValueIsNull() {
        // when
        List<AlterConfigsResourceResponse> repeated = alter(false,
                resource(ConfigResource.Type.TOPIC, "t", op("retention.ms", OpType.SET, "1000")),
                resource(ConfigResource.Type.TOPIC, "t", op("retention.ms", OpType.SET, "2000")));
        AlterConfigsResourceResponse repeatedKey = alterOne(resource(ConfigResource.Type.TOPIC, "t",
                op("retention.ms", OpType.SET, "1000"), op("retention.ms", OpType.DELETE, null)));
        AlterConfigsResourceResponse nullValue = alterOne(resource(ConfigResource.Type.TOPIC, "t",
                op("retention.ms", OpType.SET, null)));

        // then
        assertThat(repeated).hasSize(2).allSatisfy(r -> {
            assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
            assertThat(r.errorMessage()).isEqualTo("Each resource must appear at most once.");
        });
        assertThat(repeatedKey.errorMessage()).isEqualTo("Error due to duplicate config keys");
        assertThat(nullValue.errorMessage()).isEqualTo("Null value not supported for : retention.ms");
        assertThat(broker.topics().topic("t").orElseThrow().configs()).doesNotContainKey("retention.ms");
    }

    @Test
    void shouldApplyPersistAndReloadDynamicBrokerConfigWhenNodeResourceIsAltered() throws Exception {
        // when
        AlterConfigsResourceResponse response = alterOne(resource(ConfigResource.Type.BROKER, "1",
                op("log.retention.ms", OpType.SET, "43200000")));

        // then
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(broker.log("t", 0).config().retentionMs()).isEqualTo(43_200_000L);
        DescribeConfigsResourceResult topicRetention = describe(ConfigResource.Type.TOPIC, "t", "retention.ms");
        assertThat(topicRetention.value()).isEqualTo("43200000");
        assertThat(topicRetention.configSource()).isEqualTo(ConfigSource.DYNAMIC_BROKER_CONFIG.id());
        DescribeConfigsResourceResult brokerRetention = describe(ConfigResource.Type.BROKER, "1", "log.retention.ms");
        assertThat(brokerRetention.value()).isEqualTo("43200000");
        assertThat(brokerRetention.configSource()).isEqualTo(ConfigSource.DYNAMIC_BROKER_CONFIG.id());
        assertThat(Files.readString(DynamicBrokerConfig.file(dataDir))).contains("node.log.retention.ms=43200000");

        // and when restarted
        restart();

        // then
        assertThat(broker.services.config().dynamicNodeConfigs()).isEqualTo(Map.of("log.retention.ms", "43200000"));
        assertThat(broker.log("t", 0).config().retentionMs()).isEqualTo(43_200_000L);
    }

    @Test
    void shouldApplyClusterWideDefaultBelowNodeConfigWhenBothAreSet() {
        // when
        alterOne(resource(ConfigResource.Type.BROKER, "", op("log.segment.bytes", OpType.SET, "3000000"),
                op("message.max.bytes", OpType.SET, "5000")));
        alterOne(resource(ConfigResource.Type.BROKER, "1", op("log.segment.bytes", OpType.SET, "2000000")));

        // then
        BrokerConfig config = broker.services.config();
        assertThat(config.dynamicDefaultConfigs()).isEqualTo(Map.of("log.segment.bytes", "3000000", "message.max.bytes", "5000"));
        assertThat(broker.log("t", 0).config().segmentBytes()).isEqualTo(2_000_000);
        assertThat(broker.log("t", 0).config().maxMessageBytes()).isEqualTo(5000);
        DescribeConfigsResourceResult maxBytes = describe(ConfigResource.Type.TOPIC, "t", "max.message.bytes");
        assertThat(maxBytes.configSource()).isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.id());
        DescribeConfigsResourceResult clusterWide = describe(ConfigResource.Type.BROKER, "", "message.max.bytes");
        assertThat(clusterWide.value()).isEqualTo("5000");
        assertThat(clusterWide.configSource()).isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.id());
    }

    @Test
    void shouldKeepUnknownBrokerConfigAsCustomConfigWhenSet() {
        // when
        AlterConfigsResourceResponse response = alterOne(resource(ConfigResource.Type.BROKER, "1",
                op("my.plugin.setting", OpType.SET, "on")));

        // then: Kafka accepts configs it does not know (custom configs) and describes them as possibly sensitive
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(broker.services.config().dynamicNodeConfigs()).containsEntry("my.plugin.setting", "on");
        DescribeConfigsResourceResult described = describe(ConfigResource.Type.BROKER, "1", "my.plugin.setting");
        assertThat(described.configSource()).isEqualTo(ConfigSource.DYNAMIC_BROKER_CONFIG.id());
        assertThat(described.isSensitive()).isTrue();
        assertThat(described.value()).isNull();
    }

    @Test
    void shouldAppendToBrokerCleanupPolicyWhenItIsAList() {
        // when
        AlterConfigsResourceResponse response = alterOne(resource(ConfigResource.Type.BROKER, "",
                op("log.cleanup.policy", OpType.APPEND, "compact")));

        // then
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(broker.services.config().dynamicDefaultConfigs()).containsEntry("log.cleanup.policy", "delete,compact");
        assertThat(broker.log("t", 0).config().compactEnabled()).isTrue();
    }

    @Test
    void shouldAnswerInvalidRequestWhenBrokerConfigIsNotDynamicOrValueIsInvalid() {
        // when
        AlterConfigsResourceResponse readOnly = alterOne(resource(ConfigResource.Type.BROKER, "1",
                op("log.dirs", OpType.SET, "/elsewhere"), op("log.retention.hours", OpType.SET, "1")));
        AlterConfigsResourceResponse invalid = alterOne(resource(ConfigResource.Type.BROKER, "1",
                op("log.retention.ms", OpType.SET, "soon")));
        AlterConfigsResourceResponse otherNode = alterOne(resource(ConfigResource.Type.BROKER, "2",
                op("log.retention.ms", OpType.SET, "1000")));

        // then
        assertThat(Errors.forCode(readOnly.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(readOnly.errorMessage())
                .isEqualTo("Cannot update these configs dynamically: Set(log.dirs, log.retention.hours)");
        assertThat(Errors.forCode(invalid.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(invalid.errorMessage())
                .isEqualTo("Invalid value soon for configuration log.retention.ms: Not a number of type LONG");
        assertThat(Errors.forCode(otherNode.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(otherNode.errorMessage()).isEqualTo("Unexpected broker id, expected 1, but received 2");
        assertThat(broker.services.config().dynamicNodeConfigs()).isEmpty();
    }

    @Test
    void shouldAnswerInvalidRequestWhenResourceTypeIsNotSupported() {
        // when
        AlterConfigsResourceResponse logger = alterOne(resource(ConfigResource.Type.BROKER_LOGGER, "1",
                op("root", OpType.SET, "DEBUG")));
        AlterConfigsResourceResponse unknown = alterOne(new AlterConfigsResource().setResourceType((byte) 99)
                .setResourceName("x"));

        // then
        assertThat(Errors.forCode(logger.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(Errors.forCode(unknown.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(unknown.errorMessage()).isEqualTo("Unknown resource type 99");
    }
}
