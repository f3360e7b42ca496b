package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlterConfigsHandlerTest {
    @TempDir
    Path dataDir;
    private AdminFixture broker;
    private AlterConfigsHandler handler;

    @BeforeEach
    void start() {
        broker = AdminFixture.start(dataDir);
        handler = new AlterConfigsHandler(new ConfigUpdates(broker.services));
        broker.createTopic("t", 1, Map.of("retention.ms", "1000000"));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private AlterConfigsResourceResponse alter(ConfigResource.Type type, String name, String... configs) {
        AlterConfigsResource resource = new AlterConfigsResource().setResourceType(type.id()).setResourceName(name);
        for (int i = 0; i < configs.length; i += 2) {
            resource.configs().add(new AlterableConfig().setName(configs[i]).setValue(configs[i + 1]));
        }
        AlterConfigsRequestData request = new AlterConfigsRequestData();
        request.resources().add(resource);
        AlterConfigsResponseData response = AdminFixture.call(handler, ApiKeys.ALTER_CONFIGS, request);
        assertThat(response.responses()).hasSize(1);
        return response.responses().get(0);
    }

    @Test
    void shouldReplaceEveryTopicOverrideWhenAltered() {
        // when
        AlterConfigsResourceResponse response = alter(ConfigResource.Type.TOPIC, "t", "segment.bytes", "1048576");

        // then
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(response.resourceName()).isEqualTo("t");
        assertThat(broker.topics().topic("t").orElseThrow().configs()).isEqualTo(Map.of("segment.bytes", "1048576"));
        assertThat(broker.log("t", 0).config().retentionMs()).isEqualTo(604_800_000L);
    }

    @Test
    void shouldReplaceDynamicBrokerConfigsWhenAltered() {
        // given
        alter(ConfigResource.Type.BROKER, "1", "log.retention.ms", "43200000");

        // when
        AlterConfigsResourceResponse cleared = alter(ConfigResource.Type.BROKER, "1");

        // then
        assertThat(Errors.forCode(cleared.errorCode())).isEqualTo(Errors.NONE);
        assertThat(broker.services.config().dynamicNodeConfigs()).isEmpty();
        assertThat(broker.log("t", 0).config().retentionMs()).isEqualTo(1_000_000L);
    }

    @Test
    void shouldAnswerInvalidConfigWhenTopicConfigIsInvalid() {
        // when
        AlterConfigsResourceResponse response = alter(ConfigResource.Type.TOPIC, "t", "segment.bytes", "10");

        // then
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(response.errorMessage())
                .isEqualTo("Invalid value 10 for configuration segment.bytes: Value must be at least 1048576");
        assertThat(broker.topics().topic("t").orElseThrow().configs()).isEqualTo(Map.of("retention.ms", "1000000"));
    }

    @Test
    void shouldAnswerInvalidRequestWhenResourceIsBrokerLoggerOrDefaultTopic() {
        // when
        AlterConfigsResourceResponse logger = alter(ConfigResource.Type.BROKER_LOGGER, "1", "root", "DEBUG");
        AlterConfigsResourceResponse defaultTopic = alter(ConfigResource.Type.TOPIC, "", "retention.ms", "1");

        // then
        assertThat(Errors.forCode(logger.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(logger.errorMessage()).isEqualTo("Unknown resource type 8");
        assertThat(Errors.forCode(defaultTopic.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(defaultTopic.errorMessage()).isEqualTo("Default topic resources are not allowed.");
    }
}
