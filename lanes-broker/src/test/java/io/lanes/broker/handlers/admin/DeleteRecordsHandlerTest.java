package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeleteRecordsHandlerTest {
    @TempDir
    Path dataDir;
    private AdminFixture broker;
    private DeleteRecordsHandler handler;

    @BeforeEach
    void start() {
        broker = AdminFixture.start(dataDir);
        handler = new DeleteRecordsHandler(broker.services);
        broker.createTopic("t", 2, Map.of());
        broker.append("t", 0, 7);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private DeleteRecordsPartitionResult delete(String topic, int partition, long offset) {
        DeleteRecordsRequestData request = new DeleteRecordsRequestData().setTimeoutMs(1000);
        request.topics().add(new DeleteRecordsTopic().setName(topic).setPartitions(List.of(
                new DeleteRecordsPartition().setPartitionIndex(partition).setOffset(offset))));
        DeleteRecordsResponseData response = AdminFixture.call(handler, ApiKeys.DELETE_RECORDS, request);
        return response.topics().find(topic).partitions().find(partition);
    }

    @Test
    void shouldMoveLogStartOffsetWhenDeletingBeforeAnOffset() {
        // when
        DeleteRecordsPartitionResult result = delete("t", 0, 3);

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
        assertThat(result.lowWatermark()).isEqualTo(3);
        assertThat(broker.log("t", 0).logStartOffset()).isEqualTo(3);
    }

    @Test
    void shouldDeleteUpToHighWatermarkWhenOffsetIsMinusOne() {
        // when
        DeleteRecordsPartitionResult result = delete("t", 0, -1);

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
        assertThat(result.lowWatermark()).isEqualTo(7);
    }

    @Test
    void shouldKeepLowWatermarkWhenOffsetIsBelowIt() {
        // given
        delete("t", 0, 5);

        // when
        DeleteRecordsPartitionResult result = delete("t", 0, 2);

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
        assertThat(result.lowWatermark()).isEqualTo(5);
    }

    @Test
    void shouldAnswerOffsetOutOfRangeWhenOffsetIsBeyondHighWatermark() {
        // when
        DeleteRecordsPartitionResult beyond = delete("t", 0, 8);
        DeleteRecordsPartitionResult negative = delete("t", 0, -2);

        // then
        assertThat(Errors.forCode(beyond.errorCode())).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
        assertThat(beyond.lowWatermark()).isEqualTo(-1);
        assertThat(Errors.forCode(negative.errorCode())).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
        assertThat(broker.log("t", 0).logStartOffset()).isZero();
    }

    @Test
    void shouldAnswerUnknownTopicOrPartitionWhenPartitionDoesNotExist() {
        // when
        DeleteRecordsPartitionResult missingTopic = delete("missing", 0, 1);
        DeleteRecordsPartitionResult missingPartition = delete("t", 5, 1);

        // then
        assertThat(Errors.forCode(missingTopic.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(Errors.forCode(missingPartition.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(missingPartition.lowWatermark()).isEqualTo(-1);
    }

    @Test
    void shouldAnswerPolicyViolationWhenTopicIsCompactedOnly() {
        // given
        broker.createTopic("compacted", 1, Map.of("cleanup.policy", "compact"));
        broker.append("compacted", 0, 2);

        // when
        DeleteRecordsPartitionResult result = delete("compacted", 0, 1);

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.POLICY_VIOLATION);
    }

    @Test
    void shouldAnswerInvalidTopicWhenTopicIsInternal() {
        // given
        broker.createTopic("__consumer_offsets", 1, Map.of());

        // when
        DeleteRecordsPartitionResult result = delete("__consumer_offsets", 0, 0);

        // then
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
    }
}
