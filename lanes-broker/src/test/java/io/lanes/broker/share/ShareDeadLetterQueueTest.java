package io.lanes.broker.share;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.metadata.TopicManager;
import io.lanes.broker.metadata.TopicRegistry;
import io.lanes.coordinator.share.DeadLetter;
import io.lanes.coordinator.share.SharePartitionConfig;
import io.lanes.storage.Durability;
import io.lanes.storage.LogManager;
import io.lanes.storage.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ShareDeadLetterQueue}: when Kafka 4.4 writes a dead letter and when it archives without one (the
 * conformance suite checks the records themselves against Kafka).
 */
class ShareDeadLetterQueueTest {
    private static final List<DeadLetter> REJECTED =
            List.of(new DeadLetter(0, (short) 1, DeadLetter.Cause.CLIENT_REJECT));

    @TempDir
    Path dataDir;
    private LogManager logs;
    private TopicManager topics;
    private GroupConfigStore groupConfigs;
    private final AtomicInteger shareVersion = new AtomicInteger(2);

    @BeforeEach
    void start() {
        BrokerConfig config = BrokerConfig.from(Map.of("log.dirs", dataDir.toString(), "num.partitions", "1"));
        logs = LogManager.open(List.of(dataDir), Durability.PAGE_CACHE, config.defaultLogConfig(), Time.SYSTEM, 300_000);
        topics = new TopicManager(TopicRegistry.load(dataDir), logs, config);
        topics.openAll();
        topics.create("orders", 1, (short) 1, Map.of(), false);
        log("orders").append(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("k".getBytes(), "v".getBytes())));
        groupConfigs = GroupConfigStore.open(dataDir);
    }

    @AfterEach
    void stop() {
        logs.close();
    }

    private PartitionLog log(String topic) {
        return topics.partition(new TopicPartition(topic, 0)).orElseThrow();
    }

    private ShareDeadLetterQueue queue(Map<String, String> brokerProps) {
        ShareGroupConfigs configs = new ShareGroupConfigs(groupConfigs, SharePartitionConfig.DEFAULTS);
        return new ShareDeadLetterQueue(topics, configs, () -> (short) shareVersion.get(), brokerProps,
                System::currentTimeMillis);
    }

    private void deadLetterTopic(String group, String topic) {
        groupConfigs.alter(group, set -> Map.of(GroupConfigStore.DLQ_TOPIC_NAME, topic), false);
    }

    @Test
    void shouldWriteOnlyWhenShareVersionIsTwoAndTheTopicIsEnabledForDeadLetters() {
        // given
        topics.create("dlq.orders", 1, (short) 1, Map.of("errors.deadletterqueue.group.enable", "true"), false);
        topics.create("dlq.plain", 1, (short) 1, Map.of(), false);
        deadLetterTopic("enabled", "dlq.orders");
        deadLetterTopic("plain", "dlq.plain");
        ShareDeadLetterQueue queue = queue(Map.of());

        // when
        shareVersion.set(1);
        queue.write("enabled", log("orders"), REJECTED).join();
        long atVersionOne = log("dlq.orders").logEndOffset();
        shareVersion.set(2);
        queue.write("enabled", log("orders"), REJECTED).join();
        queue.write("plain", log("orders"), REJECTED).join();
        queue.write("none", log("orders"), REJECTED).join();

        // then
        assertThat(atVersionOne).isZero();
        assertThat(log("dlq.orders").logEndOffset()).isEqualTo(1);
        assertThat(log("dlq.plain").logEndOffset()).isZero();
    }

    @Test
    void shouldCreateAMissingTopicOnlyWhenAllowedAndItsNameHasThePrefix() {
        // given
        deadLetterTopic("g1", "dlq.created");
        deadLetterTopic("g2", "elsewhere");

        // when
        queue(Map.of()).write("g1", log("orders"), REJECTED).join();
        boolean createdWithoutPermission = topics.topic("dlq.created").isPresent();
        ShareDeadLetterQueue creating = queue(Map.of(ShareDeadLetterQueue.AUTO_CREATE, "true"));
        creating.write("g1", log("orders"), REJECTED).join();
        creating.write("g2", log("orders"), REJECTED).join();

        // then
        assertThat(createdWithoutPermission).isFalse();
        assertThat(topics.topic("dlq.created")).hasValueSatisfying(topic -> assertThat(topic.configs())
                .containsEntry("errors.deadletterqueue.group.enable", "true")
                .containsEntry("message.timestamp.type", "CreateTime"));
        assertThat(log("dlq.created").logEndOffset()).isEqualTo(1);
        assertThat(topics.topic("elsewhere")).isEmpty();
    }
}
