package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DescribeConfigsHandlerTest {
    @TempDir
    Path dataDir;
    private AdminFixture broker;
    private DescribeConfigsHandler handler;

    private void start(String... staticConfigs) {
        broker = AdminFixture.start(dataDir, staticConfigs);
        handler = new DescribeConfigsHandler(broker.services);
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private DescribeConfigsResult describe(ConfigResource.Type type, String name, boolean synonyms, String... keys) {
        return describe((short) 4, type, name, synonyms, false, keys);
    }

    private DescribeConfigsResult describe(short version, ConfigResource.Type type, String name, boolean synonyms,
                                           boolean documentation, String... keys) {
        DescribeConfigsRequestData request = new DescribeConfigsRequestData()
                .setIncludeSynonyms(synonyms)
                .setIncludeDocumentation(documentation)
                .setResources(List.of(new DescribeConfigsResource().setResourceType(type.id()).setResourceName(name)
                        .setConfigurationKeys(keys.length == 0 ? null : List.of(keys))));
        DescribeConfigsResponseData response = AdminFixture.call(handler,
                AdminFixture.context(ApiKeys.DESCRIBE_CONFIGS, version), request);
        assertThat(response.results()).hasSize(1);
        DescribeConfigsResult result = response.results().get(0);
        assertThat(result.resourceName()).isEqualTo(name);
        assertThat(result.resourceType()).isEqualTo(type.id());
        return result;
    }

    private static DescribeConfigsResourceResult entry(DescribeConfigsResult result, String name) {
        return result.configs().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }

    @Test
    void shouldDescribeEveryTopicConfigAsDefaultWhenTopicHasNoOverrides() {
        // given
        start();
        broker.createTopic("plain", 1, Map.of());

        // when
        DescribeConfigsResult result = describe(ConfigResource.Type.TOPIC, "plain", false);

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
        assertThat(result.configs()).hasSize(37);
        assertThat(result.configs()).extracting(DescribeConfigsResourceResult::name)
                .doesNotContain("internal.segment.bytes").isSorted();
        assertThat(result.configs()).allSatisfy(c -> {
            assertThat(c.configSource()).as(c.name()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
            assertThat(c.readOnly()).isFalse();
            assertThat(c.isSensitive()).isFalse();
            assertThat(c.synonyms()).isEmpty();
        });
        DescribeConfigsResourceResult retention = entry(result, "retention.ms");
        assertThat(retention.value()).isEqualTo("604800000");
        assertThat(retention.configType()).isEqualTo(ConfigType.LONG.id());
        assertThat(entry(result, "cleanup.policy").value()).isEqualTo("delete");
        assertThat(entry(result, "cleanup.policy").configType()).isEqualTo(ConfigType.LIST.id());
        assertThat(entry(result, "max.message.bytes").value()).isEqualTo("1048588");
    }

    @Test
    void shouldReportTopicOverrideWithItsSynonymsWhenSynonymsAreAsked() {
        // given
        start();
        broker.createTopic("tuned", 1, Map.of("segment.bytes", "2000000", "cleanup.policy", "compact,delete"));

        // when
        DescribeConfigsResult result = describe(ConfigResource.Type.TOPIC, "tuned", true);

        // then
        DescribeConfigsResourceResult segment = entry(result, "segment.bytes");
        assertThat(segment.value()).isEqualTo("2000000");
        assertThat(segment.configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        assertThat(segment.synonyms()).extracting(DescribeConfigsSynonym::name, DescribeConfigsSynonym::value,
                DescribeConfigsSynonym::source).containsExactly(
                tuple("segment.bytes", "2000000", ConfigSource.TOPIC_CONFIG.id()),
                tuple("log.segment.bytes", "1073741824", ConfigSource.DEFAULT_CONFIG.id()));
        assertThat(entry(result, "cleanup.policy").value()).isEqualTo("compact,delete");
    }

    @Test
    void shouldReportStaticBrokerSourceWhenServerPropertiesSetTheMainSynonym() {
        // given
        start("log.roll.ms", "1000", "log.retention.hours", "24");
        broker.createTopic("static", 1, Map.of());

        // when
        DescribeConfigsResult result = describe(ConfigResource.Type.TOPIC, "static", true, "segment.ms", "retention.ms");

        // then
        assertThat(result.configs()).extracting(DescribeConfigsResourceResult::name)
                .containsExactly("retention.ms", "segment.ms");
        DescribeConfigsResourceResult segment = entry(result, "segment.ms");
        assertThat(segment.value()).isEqualTo("1000");
        assertThat(segment.configSource()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
        assertThat(segment.synonyms()).extracting(DescribeConfigsSynonym::name, DescribeConfigsSynonym::source)
                .containsExactly(tuple("log.roll.ms", ConfigSource.STATIC_BROKER_CONFIG.id()),
                        tuple("log.roll.hours", ConfigSource.DEFAULT_CONFIG.id()));
        // As Kafka: only log.retention.hours is set, which is not the main synonym, so the source is DEFAULT_CONFIG.
        DescribeConfigsResourceResult retention = entry(result, "retention.ms");
        assertThat(retention.value()).isEqualTo("86400000");
        assertThat(retention.configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        assertThat(retention.synonyms()).isEmpty();
    }

    @Test
    void shouldIncludeDocumentationWhenAskedFromV3() {
        // given
        start();
        broker.createTopic("documented", 1, Map.of());

        // when
        DescribeConfigsResult v3 = describe((short) 3, ConfigResource.Type.TOPIC, "documented", false, true, "retention.ms");
        DescribeConfigsResult v2 = describe((short) 2, ConfigResource.Type.TOPIC, "documented", false, true, "retention.ms");

        // then
        assertThat(entry(v3, "retention.ms").documentation()).contains("retain a log");
        assertThat(entry(v2, "retention.ms").documentation()).isNull();
    }

    @Test
    void shouldAnswerUnknownTopicWhenTopicIsMissingAndInvalidTopicWhenNameIsIllegal() {
        // given
        start();

        // when
        DescribeConfigsResult missing = describe(ConfigResource.Type.TOPIC, "missing", false);
        DescribeConfigsResult illegal = describe(ConfigResource.Type.TOPIC, "bad name!", false);

        // then
        assertThat(Errors.forCode(missing.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(missing.configs()).isEmpty();
        assertThat(Errors.forCode(illegal.errorCode())).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
    }

    @Test
    void shouldDescribeStaticAndDefaultBrokerConfigsWhenResourceIsThisNode() {
        // given
        start("num.partitions", "3", "log.retention.hours", "24");

        // when
        DescribeConfigsResult result = describe(ConfigResource.Type.BROKER, "1", true);

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
        DescribeConfigsResourceResult partitions = entry(result, "num.partitions");
        assertThat(partitions.value()).isEqualTo("3");
        assertThat(partitions.configSource()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
        assertThat(partitions.readOnly()).isTrue();
        assertThat(partitions.synonyms()).extracting(DescribeConfigsSynonym::value).containsExactly("3", "1");
        DescribeConfigsResourceResult maxBytes = entry(result, "message.max.bytes");
        assertThat(maxBytes.value()).isEqualTo("1048588");
        assertThat(maxBytes.configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        assertThat(maxBytes.readOnly()).isFalse();
        DescribeConfigsResourceResult retentionMs = entry(result, "log.retention.ms");
        assertThat(retentionMs.value()).isNull();
        assertThat(retentionMs.configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        assertThat(entry(result, "log.retention.hours").value()).isEqualTo("24");
        assertThat(entry(result, "auto.create.topics.enable").value()).isEqualTo("true");
    }

    @Test
    void shouldReportListenersAsStaticBrokerConfigWithSynonymsWhenSetInServerProperties() {
        // given
        start("listeners", "PLAINTEXT://127.0.0.1:19092", "advertised.listeners", "PLAINTEXT://broker.example:9092");

        // when
        DescribeConfigsResult result = describe(ConfigResource.Type.BROKER, "1", true, "listeners",
                "advertised.listeners");

        // then
        DescribeConfigsResourceResult listeners = entry(result, "listeners");
        assertThat(listeners.value()).isEqualTo("PLAINTEXT://127.0.0.1:19092");
        assertThat(listeners.configSource()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
        assertThat(listeners.synonyms()).extracting(DescribeConfigsSynonym::name, DescribeConfigsSynonym::value,
                DescribeConfigsSynonym::source).containsExactly(
                tuple("listeners", "PLAINTEXT://127.0.0.1:19092", ConfigSource.STATIC_BROKER_CONFIG.id()),
                tuple("listeners", "PLAINTEXT://127.0.0.1:9092", ConfigSource.DEFAULT_CONFIG.id()));
        DescribeConfigsResourceResult advertised = entry(result, "advertised.listeners");
        assertThat(advertised.value()).isEqualTo("PLAINTEXT://broker.example:9092");
        assertThat(advertised.configSource()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
        assertThat(advertised.synonyms()).extracting(DescribeConfigsSynonym::name, DescribeConfigsSynonym::value,
                DescribeConfigsSynonym::source).containsExactly(
                tuple("advertised.listeners", "PLAINTEXT://broker.example:9092", ConfigSource.STATIC_BROKER_CONFIG.id()));
    }

    @Test
    void shouldReportListenerDefaultsAsKafkaDoesWhenListenersAreNotSet() {
        // given
        start();

        // when
        DescribeConfigsResult result = describe(ConfigResource.Type.BROKER, "1", true, "listeners",
                "advertised.listeners");

        // then: a default is its only synonym; advertised.listeners has no default value, so none
        DescribeConfigsResourceResult listeners = entry(result, "listeners");
        assertThat(listeners.configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        assertThat(listeners.synonyms()).extracting(DescribeConfigsSynonym::source)
                .containsExactly(ConfigSource.DEFAULT_CONFIG.id());
        DescribeConfigsResourceResult advertised = entry(result, "advertised.listeners");
        assertThat(advertised.value()).isNull();
        assertThat(advertised.configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        assertThat(advertised.synonyms()).isEmpty();
    }

    @Test
    void shouldDescribeNothingWhenClusterWideResourceHasNoDynamicConfigs() {
        // given
        start("num.partitions", "3");

        // when
        DescribeConfigsResult result = describe(ConfigResource.Type.BROKER, "", true);

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
        assertThat(result.configs()).isEmpty();
    }

    @Test
    void shouldAnswerInvalidRequestWhenBrokerIsAnotherNode() {
        // given
        start();

        // when
        DescribeConfigsResult other = describe(ConfigResource.Type.BROKER, "2", false);
        DescribeConfigsResult notANumber = describe(ConfigResource.Type.BROKER, "abc", false);

        // then
        assertThat(Errors.forCode(other.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(other.errorMessage()).isEqualTo("Unexpected broker id, expected 1 or empty string, but received 2");
        assertThat(Errors.forCode(notANumber.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(notANumber.errorMessage()).isEqualTo("Broker id must be an integer, but it is: abc");
    }

    @Test
    void shouldDescribeRootLoggerWhenResourceIsBrokerLogger() {
        // given
        start();

        // when
        DescribeConfigsResult result = describe(ConfigResource.Type.BROKER_LOGGER, "1", false);

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
        assertThat(result.configs()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("root");
            assertThat(c.configSource()).isEqualTo(ConfigSource.DYNAMIC_BROKER_LOGGER_CONFIG.id());
        });
    }
}
