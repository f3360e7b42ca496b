package io.lanes.broker.coordinator;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import io.lanes.storage.PartitionLog;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code __consumer_offsets} is compacted like any compacted topic: after many commits to one group the cleaner
 * leaves about one record per key, and a restart still loads the latest commit.
 */
class OffsetsTopicCompactionTest {

    @TempDir
    Path dataDir;

    private LanesBroker broker;

    @AfterEach
    void tearDown() {
        if (broker != null) {
            broker.close();
        }
    }

    private void start() throws Exception {
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "offsets.topic.num.partitions", "1",
                "offsets.topic.segment.bytes", "1048576",
                "log.cleaner.backoff.ms", "50")));
    }

    @Test
    void shouldCompactCommitsAndLoadLatestWhenBrokerRestarts() throws Exception {
        // given
        start();
        broker.services().topics().create("orders", 1, (short) -1, Map.of(), false);
        TopicPartition tp = new TopicPartition("orders", 0);
        int commits = 12_000;
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(java.util.List.of(tp));
            for (int i = 1; i <= commits; i++) {
                consumer.commitSync(Map.of(tp, new OffsetAndMetadata(i)));
            }
        }
        PartitionLog offsets = broker.services().topics().partition(new TopicPartition("__consumer_offsets", 0)).orElseThrow();

        // when
        long deadline = System.currentTimeMillis() + 30_000;
        while (offsets.segmentCount() > 1 && offsets.sizeInBytes() > 200_000 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        long sizeAfterCleaning = offsets.sizeInBytes();
        broker.close();
        start();

        // then
        assertThat(sizeAfterCleaning).as("bytes of __consumer_offsets-0 after cleaning").isLessThan(1_048_576);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            assertThat(consumer.committed(java.util.Set.of(tp)).get(tp).offset()).isEqualTo(commits);
        }
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "compacted-group",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
    }
}
