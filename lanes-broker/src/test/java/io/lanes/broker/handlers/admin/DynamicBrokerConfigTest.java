package io.lanes.broker.handlers.admin;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.ConfigSynonyms;
import io.lanes.broker.DynamicBrokerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DynamicBrokerConfigTest {
    @TempDir
    Path dataDir;

    private static BrokerConfig staticConfig(String... pairs) {
        Map<String, String> props = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
        return BrokerConfig.from(props);
    }

    @Test
    void shouldReturnStaticConfigWhenNothingIsStored() {
        // given
        BrokerConfig config = staticConfig("num.partitions", "3");

        // when
        BrokerConfig loaded = DynamicBrokerConfig.load(dataDir, config);

        // then
        assertThat(loaded).isSameAs(config);
    }

    @Test
    void shouldLayerStoredConfigsOverStaticOnesWhenLoading() {
        // given
        DynamicBrokerConfig.store(dataDir, Map.of("log.retention.ms", "1000", "log.segment.bytes", "3000000"),
                Map.of("log.segment.bytes", "2000000"));

        // when
        BrokerConfig loaded = DynamicBrokerConfig.load(dataDir, staticConfig("log.segment.bytes", "4000000"));

        // then
        assertThat(loaded.staticOriginals()).containsEntry("log.segment.bytes", "4000000");
        assertThat(loaded.dynamicDefaultConfigs()).isEqualTo(Map.of("log.retention.ms", "1000", "log.segment.bytes", "3000000"));
        assertThat(loaded.dynamicNodeConfigs()).isEqualTo(Map.of("log.segment.bytes", "2000000"));
        assertThat(loaded.topicDefaults()).containsEntry("segment.bytes", "2000000").containsEntry("retention.ms", "1000");
        assertThat(loaded.defaultLogConfig().retentionMs()).isEqualTo(1000L);
    }

    @Test
    void shouldIgnoreStoredEntriesThatAreNotDynamicOrNotValidWhenLoading() throws Exception {
        // given
        Files.createDirectories(DynamicBrokerConfig.file(dataDir).getParent());
        Files.writeString(DynamicBrokerConfig.file(dataDir), String.join("\n",
                "node.num.partitions=7", "node.log.retention.ms=soon", "node.message.max.bytes=5000", "junk=1"));

        // when
        BrokerConfig loaded = DynamicBrokerConfig.load(dataDir, staticConfig());

        // then
        assertThat(loaded.dynamicNodeConfigs()).isEqualTo(Map.of("message.max.bytes", "5000"));
        assertThat(loaded.numPartitions()).isEqualTo(1);
    }

    @Test
    void shouldRejectNonDynamicNamesWithKafkasMessageWhenValidating() {
        // when / then
        assertThatThrownBy(() -> DynamicBrokerConfig.validateNames(List.of("log.retention.ms", "num.partitions")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot update these configs dynamically: Set(num.partitions)");
    }

    @Test
    void shouldDeriveTopicDefaultsFromHighestPrecedenceSynonymWhenSeveralAreSet() {
        // given
        BrokerConfig config = staticConfig("log.retention.hours", "24", "log.retention.minutes", "30",
                "log.roll.hours", "2", "log.cleanup.policy", "compact,delete", "log.flush.scheduler.interval.ms", "500");

        // when
        Map<String, String> defaults = config.topicDefaults();

        // then
        assertThat(defaults).containsEntry("retention.ms", "1800000")
                .containsEntry("segment.ms", "7200000")
                .containsEntry("cleanup.policy", "compact,delete")
                .containsEntry("flush.ms", "500")
                .doesNotContainKey("segment.bytes");
    }

    @Test
    void shouldListKafkasDynamicLogConfigsAsDynamicWhenAsked() {
        // then
        assertThat(ConfigSynonyms.dynamicBrokerConfigs()).contains("log.retention.ms", "log.segment.bytes", "log.roll.ms",
                "message.max.bytes", "log.cleanup.policy", "log.flush.interval.messages", "log.flush.interval.ms")
                .doesNotContain("log.retention.hours", "log.roll.hours", "num.partitions", "log.dirs");
        assertThat(ConfigSynonyms.ofBrokerConfig("log.retention.hours"))
                .containsExactly("log.retention.ms", "log.retention.minutes", "log.retention.hours");
    }
}
