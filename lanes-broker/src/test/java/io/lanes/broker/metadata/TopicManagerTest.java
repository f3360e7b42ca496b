package io.lanes.broker.metadata;

import io.lanes.broker.BrokerConfig;
import io.lanes.storage.Durability;
import io.lanes.storage.LogManager;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class TopicManagerTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldShowTopicOnlyWithAllItsPartitionsWhenLookedUpWhileBeingCreated() {
        // given: __consumer_offsets' 50 partitions being created while another thread looks the topic up,
        // as FindCoordinator and JoinGroup from a second connection do
        BrokerConfig config = BrokerConfig.from(Map.of("log.dirs", dataDir.toString(), "lanes.durability", "page-cache"));
        try (LogManager logs = LogManager.open(List.of(dataDir), Durability.PAGE_CACHE, config.defaultLogConfig(),
                Time.SYSTEM, 300_000)) {
            TopicManager topics = new TopicManager(TopicRegistry.load(dataDir), logs, config);
            List<Integer> partitionsSeen = new ArrayList<>();
            CompletableFuture<Void> lookups = CompletableFuture.runAsync(() -> {
                while (true) {
                    var found = topics.topic("__consumer_offsets");
                    if (found.isPresent()) {
                        for (int p = 0; p < found.get().partitions(); p++) {
                            if (topics.partition(new TopicPartition("__consumer_offsets", p)).isPresent()) {
                                partitionsSeen.add(p);
                            }
                        }
                        return;
                    }
                    Thread.onSpinWait();
                }
            });

            // when
            topics.create("__consumer_offsets", 50, (short) -1, Map.of("cleanup.policy", "compact"), false);
            lookups.join();

            // then: the first lookup that found the topic found every partition
            assertThat(partitionsSeen).hasSize(50);
        }
    }
}
