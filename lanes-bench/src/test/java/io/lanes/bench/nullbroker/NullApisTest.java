package io.lanes.bench.nullbroker;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NullApisTest {

    @Test
    void shouldGiveEachPartitionBaseOffsetsThatGrowByItsRecordsWhenBatchesAreAcknowledged() {
        // given
        NullApis apis = new NullApis("127.0.0.1", 9092, 2);

        // when: 3 records to partition 0, 2 to partition 1, then 1 more to each
        ProduceResponseData first = apis.produce(request("t", 0, 3, 1, 2));
        ProduceResponseData second = apis.produce(request("t", 0, 1, 1, 1));

        // then
        assertThat(baseOffsets(first)).containsExactly(0L, 0L);
        assertThat(baseOffsets(second)).containsExactly(3L, 2L);
        assertThat(second.responses().iterator().next().partitionResponses())
                .allSatisfy(p -> assertThat(p.errorCode()).isEqualTo(Errors.NONE.code()));
    }

    @Test
    void shouldRefuseAPartitionBeyondTheTopicWhenProducedTo() {
        // given
        NullApis apis = new NullApis("127.0.0.1", 9092, 1);

        // when
        ProduceResponseData response = apis.produce(request("t", 1, 1, 0, 1));

        // then: partition 1 of a one-partition topic is unknown; partition 0 is acknowledged
        assertThat(response.responses().iterator().next().partitionResponses().get(0).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(response.responses().iterator().next().partitionResponses().get(1).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void shouldDescribeTopicsWithTheirSuffixPartitionCountWhenMetadataNamesThem() {
        // given
        NullApis apis = new NullApis("127.0.0.1", 9092, 1);
        MetadataRequestData request = new MetadataRequestData().setTopics(List.of(
                new MetadataRequestData.MetadataRequestTopic().setName("bench-none-p12"),
                new MetadataRequestData.MetadataRequestTopic().setName("bench-warmup")));

        // when
        MetadataResponseData response = apis.metadata(request);

        // then
        assertThat(response.brokers()).singleElement().satisfies(b -> {
            assertThat(b.port()).isEqualTo(9092);
            assertThat(b.nodeId()).isEqualTo(NullApis.NODE_ID);
        });
        assertThat(response.topics()).extracting(t -> t.partitions().size()).containsExactly(12, 1);
        assertThat(response.topics().iterator().next().partitions()).allSatisfy(p -> assertThat(p.leaderId()).isEqualTo(NullApis.NODE_ID));
    }

    @Test
    void shouldAdvertiseOnlyTheFourApisItServesWhenAskedForVersions() {
        // given
        NullApis apis = new NullApis("127.0.0.1", 9092, 1);

        // when
        var versions = apis.apiVersions();

        // then
        assertThat(versions.apiKeys()).extracting(v -> ApiKeys.forId(v.apiKey()))
                .containsExactlyInAnyOrder(ApiKeys.PRODUCE, ApiKeys.METADATA, ApiKeys.API_VERSIONS, ApiKeys.INIT_PRODUCER_ID);
        assertThat(NullApis.supports(ApiKeys.FETCH, ApiKeys.FETCH.latestVersion())).isFalse();
        assertThat(NullApis.supports(ApiKeys.PRODUCE, (short) (NullApis.MAX_PRODUCE_VERSION + 1))).isFalse();
    }

    private static ProduceRequestData request(String topic, int partitionA, int recordsA, int partitionB, int recordsB) {
        ProduceRequestData.TopicProduceData data = new ProduceRequestData.TopicProduceData().setName(topic);
        data.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(partitionA).setRecords(records(recordsA)));
        data.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(partitionB).setRecords(records(recordsB)));
        ProduceRequestData request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000);
        request.topicData().add(data);
        return request;
    }

    private static MemoryRecords records(int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(("v" + i).getBytes());
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    private static List<Long> baseOffsets(ProduceResponseData response) {
        return response.responses().iterator().next().partitionResponses().stream()
                .map(ProduceResponseData.PartitionProduceResponse::baseOffset).toList();
    }
}
