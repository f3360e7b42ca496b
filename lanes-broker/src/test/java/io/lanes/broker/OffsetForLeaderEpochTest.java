package io.lanes.broker;

import io.lanes.broker.api.ServedVersions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** OffsetsForLeaderEpoch over the wire, answered from the partition's leader-epoch cache. */
class OffsetForLeaderEpochTest {
    @TempDir
    Path dataDir;
    private LanesBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0", "log.dirs", dataDir.toString())));
        broker.services().topics().create("t", 1, (short) 1, Map.of(), false);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private void append(int records) {
        for (int i = 0; i < records; i++) {
            broker.services().topics().partition(new TopicPartition("t", 0)).orElseThrow()
                    .append(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(("v" + i).getBytes())));
        }
    }

    private EpochEndOffset ask(String topic, int partition, int currentLeaderEpoch, int leaderEpoch, int replicaId)
            throws Exception {
        OffsetForLeaderEpochRequestData request = new OffsetForLeaderEpochRequestData().setReplicaId(replicaId);
        OffsetForLeaderTopic wanted = new OffsetForLeaderTopic().setTopic(topic);
        wanted.partitions().add(new OffsetForLeaderPartition().setPartition(partition)
                .setCurrentLeaderEpoch(currentLeaderEpoch).setLeaderEpoch(leaderEpoch));
        request.topics().add(wanted);
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            OffsetsForLeaderEpochResponse response = (OffsetsForLeaderEpochResponse) client.send(
                    ApiKeys.OFFSET_FOR_LEADER_EPOCH, ServedVersions.OFFSET_FOR_LEADER_EPOCH, request);
            return response.data().topics().find(topic).partitions().get(0);
        }
    }

    private int metadataLeaderEpoch() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            MetadataResponse response = (MetadataResponse) client.send(ApiKeys.METADATA, ServedVersions.METADATA,
                    new MetadataRequestData().setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName("t"))));
            return response.data().topics().find("t").partitions().get(0).leaderEpoch();
        }
    }

    @ParameterizedTest(name = "replicaId {0}")
    @ValueSource(ints = {-1, -2, 1})
    void shouldAnswerLogEndOffsetForTheCurrentEpochWhateverTheReplicaId(int replicaId) throws Exception {
        // given
        append(3);
        int current = metadataLeaderEpoch();

        // when
        EpochEndOffset answer = ask("t", 0, current, current, replicaId);

        // then
        assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.NONE);
        assertThat(answer.leaderEpoch()).isEqualTo(current).isZero();
        assertThat(answer.endOffset()).isEqualTo(3);
    }

    @Test
    void shouldAnswerTheEndOfAnOlderEpochWhenEpochsChanged() throws Exception {
        // given: epoch 0 holds offsets 0-1, epoch 3 starts at 2
        append(2);
        broker.services().topics().partition(new TopicPartition("t", 0)).orElseThrow().setLeaderEpoch(3);
        append(4);

        // when
        EpochEndOffset epoch0 = ask("t", 0, -1, 0, -1);
        EpochEndOffset epoch2 = ask("t", 0, -1, 2, -1);
        EpochEndOffset epoch3 = ask("t", 0, 3, 3, -1);
        EpochEndOffset epoch4 = ask("t", 0, -1, 4, -1);
        EpochEndOffset undefined = ask("t", 0, -1, -1, -1);

        // then
        assertThat(List.of(epoch0.leaderEpoch(), epoch0.endOffset())).containsExactly(0, 2L);
        assertThat(List.of(epoch2.leaderEpoch(), epoch2.endOffset())).containsExactly(0, 2L);
        assertThat(List.of(epoch3.leaderEpoch(), epoch3.endOffset())).containsExactly(3, 6L);
        assertThat(List.of(epoch4.leaderEpoch(), epoch4.endOffset())).containsExactly(-1, -1L);
        assertThat(List.of(undefined.leaderEpoch(), undefined.endOffset())).containsExactly(-1, -1L);
    }

    @Test
    void shouldFenceOlderAndRejectNewerCurrentLeaderEpochs() throws Exception {
        // given
        broker.services().topics().partition(new TopicPartition("t", 0)).orElseThrow().setLeaderEpoch(2);

        // when
        EpochEndOffset older = ask("t", 0, 1, 0, -1);
        EpochEndOffset newer = ask("t", 0, 3, 0, -1);

        // then
        assertThat(Errors.forCode(older.errorCode())).isEqualTo(Errors.FENCED_LEADER_EPOCH);
        assertThat(Errors.forCode(newer.errorCode())).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH);
        assertThat(List.of(older.leaderEpoch(), older.endOffset(), newer.leaderEpoch(), newer.endOffset()))
                .containsExactly(-1, -1L, -1, -1L);
    }

    @Test
    void shouldAnswerUnknownTopicOrPartitionWhenPartitionIsNotHosted() throws Exception {
        // when
        EpochEndOffset partition = ask("t", 4, -1, 0, -1);
        EpochEndOffset topic = ask("nope", 0, -1, 0, -1);

        // then
        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(Errors.forCode(topic.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }
}
