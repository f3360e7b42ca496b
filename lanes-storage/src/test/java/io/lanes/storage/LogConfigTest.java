package io.lanes.storage;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogConfigTest {

    @Test
    void shouldUseKafkaDefaultsWhenNothingOverridden() {
        // when
        LogConfig c = LogConfig.defaults();

        // then
        assertThat(c.segmentBytes()).isEqualTo(1 << 30);
        assertThat(c.segmentMs()).isEqualTo(604_800_000L);
        assertThat(c.segmentIndexBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(c.indexIntervalBytes()).isEqualTo(4096);
        assertThat(c.maxMessageBytes()).isEqualTo(1048588);
        assertThat(c.retentionMs()).isEqualTo(604_800_000L);
        assertThat(c.retentionBytes()).isEqualTo(-1L);
        assertThat(c.flushMessages()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.flushMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.messageTimestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(c.messageTimestampAfterMaxMs()).isEqualTo(3_600_000L);
        assertThat(c.cleanupPolicy()).isEqualTo("delete");
        assertThat(c.values()).containsEntry("compression.type", "producer");
    }

    @Test
    void shouldLetTopicOverridesWinWhenBothLayersSet() {
        // when
        LogConfig c = LogConfig.from(Map.of("retention.ms", "1000", "segment.bytes", "2097152"),
                Map.of("retention.ms", "2000", "cleanup.policy", "compact,delete"));

        // then
        assertThat(c.retentionMs()).isEqualTo(2000);
        assertThat(c.segmentBytes()).isEqualTo(2097152);
        assertThat(c.cleanupPolicy()).isEqualTo("compact,delete");
        assertThat(c.compactEnabled()).isTrue();
        assertThat(c.deleteEnabled()).isTrue();
    }

    @Test
    void shouldRejectConfigWhenNameUnknownOrValueBad() {
        assertThatThrownBy(() -> LogConfig.from(Map.of(), Map.of("no.such.config", "1")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> LogConfig.from(Map.of(), Map.of("segment.bytes", "1000")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> LogConfig.from(Map.of(), Map.of("retention.ms", "abc")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> LogConfig.from(Map.of(), Map.of("cleanup.policy", "archive")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> LogConfig.from(Map.of(), Map.of("message.timestamp.type", "Whenever")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void shouldDefineEveryKafkaTopicConfigWhenAskedForConfigDef() throws Exception {
        // given
        ConfigDef def = LogConfig.configDef();

        // then
        for (Field f : TopicConfig.class.getFields()) {
            boolean isName = Modifier.isStatic(f.getModifiers()) && f.getName().endsWith("_CONFIG");
            if (isName && !f.getName().equals("MESSAGE_DOWNCONVERSION_ENABLE_CONFIG")) {
                assertThat(def.names()).as(f.getName()).contains((String) f.get(null));
            }
        }
        assertThat(def.configKeys().get("segment.bytes").documentation).isEqualTo(TopicConfig.SEGMENT_BYTES_DOC);
    }

    @Test
    void shouldMapBrokerSynonymsWhenAskedLikeKafka() {
        assertThat(LogConfig.brokerSynonym("segment.bytes")).contains("log.segment.bytes");
        assertThat(LogConfig.brokerSynonym("retention.ms")).contains("log.retention.ms");
        assertThat(LogConfig.brokerSynonym("max.message.bytes")).contains("message.max.bytes");
        assertThat(LogConfig.brokerSynonym("flush.messages")).contains("log.flush.interval.messages");
        assertThat(LogConfig.brokerSynonym("cleanup.policy")).contains("log.cleanup.policy");
        assertThat(LogConfig.brokerSynonym("segment.ms")).contains("log.roll.ms");
        assertThat(LogConfig.brokerSynonym("remote.storage.enable")).isEqualTo(Optional.empty());
    }

    @Test
    void shouldAllowSmallSegmentsWhenInternalOverrideUsed() {
        LogConfig c = LogConfig.from(Map.of(), Map.of("internal.segment.bytes", "1000"));
        assertThat(c.segmentBytes()).isEqualTo(1000);
    }

    @Test
    void shouldKeepOtherValuesWhenCopiedWithOverrides() {
        LogConfig c = LogConfig.from(Map.of(), Map.of("retention.ms", "5")).with(Map.of("segment.ms", "7"));
        assertThat(c.retentionMs()).isEqualTo(5);
        assertThat(c.segmentMs()).isEqualTo(7);
    }
}
