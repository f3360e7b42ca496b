package io.lanes.conformance.java;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DeletedRecords;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.failureOf;
import static io.lanes.conformance.java.Clients.producer;
import static io.lanes.conformance.java.Clients.readAll;
import static io.lanes.conformance.java.Clients.topicName;
import static org.assertj.core.api.Assertions.assertThat;

/** ListOffsets (earliest, latest, by timestamp, max timestamp), DeleteRecords and DescribeLogDirs. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OffsetsAndLogsConformanceTest {

    /** Create-time timestamps of the records of {@link #topicWithTimestamps}, by offset. */
    private static final long[] TIMESTAMPS = {1_000, 2_000, 5_000, 3_000, 4_000, 5_000, 6_000};

    @RegisterExtension
    static ConformanceBroker broker = ConformanceBroker.create();

    @Test
    void shouldReportLogStartAndEndWhenListingEarliestAndLatest() throws Exception {
        // given
        TopicPartition partition = topicWithTimestamps("earliest-latest");

        try (Admin admin = admin(broker)) {
            // when
            ListOffsetsResultInfo earliest = listOffset(admin, partition, OffsetSpec.earliest());
            ListOffsetsResultInfo latest = listOffset(admin, partition, OffsetSpec.latest());

            // then
            assertThat(earliest.offset()).isZero();
            assertThat(latest.offset()).isEqualTo(TIMESTAMPS.length);
        }
    }

    @Test
    void shouldReportZeroForEarliestAndLatestWhenPartitionIsEmpty() throws Exception {
        // given
        String topic = topicName("empty");
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, 1);

            // when
            long earliest = listOffset(admin, partition, OffsetSpec.earliest()).offset();
            long latest = listOffset(admin, partition, OffsetSpec.latest()).offset();
            ListOffsetsResultInfo maxTimestamp = listOffset(admin, partition, OffsetSpec.maxTimestamp());

            // then
            assertThat(earliest).isZero();
            assertThat(latest).isZero();
            assertThat(maxTimestamp.offset()).isEqualTo(-1);
        }
    }

    @Test
    void shouldFindFirstOffsetAtOrAfterTimestampWhenListingByTimestamp() throws Exception {
        // given
        TopicPartition partition = topicWithTimestamps("by-time");

        try (Admin admin = admin(broker)) {
            // when
            ListOffsetsResultInfo beforeAll = listOffset(admin, partition, OffsetSpec.forTimestamp(0));
            ListOffsetsResultInfo exact = listOffset(admin, partition, OffsetSpec.forTimestamp(2_000));
            ListOffsetsResultInfo between = listOffset(admin, partition, OffsetSpec.forTimestamp(2_500));
            ListOffsetsResultInfo afterAll = listOffset(admin, partition, OffsetSpec.forTimestamp(7_000));

            // then
            assertThat(beforeAll.offset()).isZero();
            assertThat(beforeAll.timestamp()).isEqualTo(1_000);
            assertThat(exact.offset()).isEqualTo(1);
            assertThat(exact.timestamp()).isEqualTo(2_000);
            assertThat(between.offset()).isEqualTo(2);
            assertThat(between.timestamp()).isEqualTo(5_000);
            assertThat(afterAll.offset()).isEqualTo(-1);
        }
    }

    @Test
    void shouldReportFirstRecordWithLargestTimestampWhenListingMaxTimestamp() throws Exception {
        // given
        String topic = topicName("max-ts");
        TopicPartition partition = new TopicPartition(topic, 0);
        long[] timestamps = {1_000, 9_000, 4_000, 9_000, 2_000};
        try (Admin admin = admin(broker);
             KafkaProducer<String, String> producer = producer(broker, ProducerConfig.LINGER_MS_CONFIG, 20)) {
            createTopic(admin, topic, 1);
            for (int i = 0; i < timestamps.length; i++) {
                producer.send(new ProducerRecord<>(topic, 0, timestamps[i], "k", "v" + i));
            }
            producer.flush();

            // when
            ListOffsetsResultInfo max = listOffset(admin, partition, OffsetSpec.maxTimestamp());

            // then
            assertThat(max.offset()).isEqualTo(1);
            assertThat(max.timestamp()).isEqualTo(9_000);
        }
    }

    @Test
    void shouldAdvanceLogStartWhenDeletingRecords() throws Exception {
        // given
        TopicPartition partition = topicWithTimestamps("delete-records");

        try (Admin admin = admin(broker)) {
            // when
            DeletedRecords deleted = admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(3)))
                    .lowWatermarks().get(partition).get();

            // then
            assertThat(deleted.lowWatermark()).isEqualTo(3);
            assertThat(listOffset(admin, partition, OffsetSpec.earliest()).offset()).isEqualTo(3);
            assertThat(listOffset(admin, partition, OffsetSpec.latest()).offset()).isEqualTo(TIMESTAMPS.length);
            assertThat(listOffset(admin, partition, OffsetSpec.forTimestamp(0)).offset()).isEqualTo(3);
        }
        assertThat(readAll(broker, List.of(partition))).extracting(ConsumerRecord::offset)
                .containsExactly(3L, 4L, 5L, 6L);
    }

    @Test
    void shouldDeleteUpToHighWatermarkWhenDeletingBeforeOffsetMinusOne() throws Exception {
        // given
        TopicPartition partition = topicWithTimestamps("delete-all");

        try (Admin admin = admin(broker)) {
            // when
            DeletedRecords deleted = admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(-1)))
                    .lowWatermarks().get(partition).get();

            // then
            assertThat(deleted.lowWatermark()).isEqualTo(TIMESTAMPS.length);
            assertThat(listOffset(admin, partition, OffsetSpec.earliest()).offset()).isEqualTo(TIMESTAMPS.length);
        }
    }

    @Test
    void shouldFailWithOffsetOutOfRangeWhenDeletingBeyondHighWatermark() throws Exception {
        // given
        TopicPartition partition = topicWithTimestamps("delete-beyond");

        try (Admin admin = admin(broker)) {
            // when
            Throwable failure = failureOf(() -> admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(100)))
                    .all().get());

            // then
            assertThat(failure).isInstanceOf(OffsetOutOfRangeException.class);
            assertThat(listOffset(admin, partition, OffsetSpec.earliest()).offset()).isZero();
        }
    }

    @Test
    void shouldFailWithUnknownTopicWhenListingOffsetsOfMissingTopic() throws Exception {
        try (Admin admin = admin(broker)) {
            // when
            Throwable failure = failureOf(() -> listOffset(admin, new TopicPartition(topicName("missing"), 0),
                    OffsetSpec.latest()));

            // then
            assertThat(failure).isInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }

    @Test
    void shouldReportPartitionSizesWhenDescribingLogDirs() throws Exception {
        // given
        TopicPartition partition = topicWithTimestamps("log-dirs");

        try (Admin admin = admin(broker)) {
            int nodeId = admin.describeCluster().nodes().get().iterator().next().id();

            // when
            Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(nodeId)).allDescriptions().get().get(nodeId);

            // then
            assertThat(dirs).hasSize(1);
            LogDirDescription dir = dirs.values().iterator().next();
            assertThat(dir.error()).isNull();
            ReplicaInfo replica = dir.replicaInfos().get(partition);
            assertThat(replica).isNotNull();
            assertThat(replica.size()).isPositive();
            assertThat(replica.isFuture()).isFalse();
            assertThat(dir.totalBytes()).isPresent();
            assertThat(dir.usableBytes()).isPresent();
        }
    }

    private static TopicPartition topicWithTimestamps(String hint) throws Exception {
        String topic = topicName(hint);
        try (Admin admin = admin(broker);
             KafkaProducer<String, String> producer = producer(broker, ProducerConfig.LINGER_MS_CONFIG, 20)) {
            createTopic(admin, topic, 1);
            for (int i = 0; i < TIMESTAMPS.length; i++) {
                producer.send(new ProducerRecord<>(topic, 0, TIMESTAMPS[i], "k" + i, "v" + i));
            }
            producer.flush();
        }
        return new TopicPartition(topic, 0);
    }

    private static ListOffsetsResultInfo listOffset(Admin admin, TopicPartition partition, OffsetSpec spec)
            throws Exception {
        return admin.listOffsets(Map.of(partition, spec)).partitionResult(partition).get();
    }
}
