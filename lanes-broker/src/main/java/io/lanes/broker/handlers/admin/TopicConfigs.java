package io.lanes.broker.handlers.admin;

import io.lanes.broker.metadata.TopicManager;
import io.lanes.storage.LogConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates topic config overrides as Kafka's {@code LogConfig.validate} does for CreateTopics
 * and the AlterConfigs APIs: known names, valid values, then the checks across values that
 * Kafka makes (compaction lags in order; no tiered storage, which Lanes does not have).
 */
final class TopicConfigs {
    private TopicConfigs() {
    }

    /**
     * @return the resolved config of a topic with these overrides
     * @throws InvalidConfigurationException (INVALID_CONFIG) with Kafka's message
     */
    static LogConfig validate(TopicManager topics, Map<String, String> overrides) {
        List<String> nulls = new ArrayList<>();
        overrides.forEach((name, value) -> {
            if (value == null) {
                nulls.add(name);
            }
        });
        if (!nulls.isEmpty()) {
            throw new InvalidConfigurationException("Null value not supported for topic configs: " + String.join(",", nulls));
        }
        LogConfig config = topics.logConfig(overrides);
        long minLag = (Long) config.values().get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG);
        long maxLag = (Long) config.values().get(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG);
        if (minLag > maxLag) {
            throw new InvalidConfigurationException("conflict topic config setting "
                    + TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG + " (" + minLag + ") > "
                    + TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG + " (" + maxLag + ")");
        }
        if (Boolean.TRUE.equals(config.values().get(TopicConfig.REMOTE_LOG_STORAGE_ENABLE_CONFIG))) {
            throw new InvalidConfigurationException("Tiered Storage functionality is disabled in the broker. "
                    + "Topic cannot be configured with remote log storage.");
        }
        return config;
    }
}
