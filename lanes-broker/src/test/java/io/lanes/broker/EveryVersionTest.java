package io.lanes.broker;

import io.lanes.broker.api.ServedVersions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every advertised version of the core data-path APIs, answered and parsed by kafka-clients. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryVersionTest {
    @TempDir
    static Path dataDir;
    private LanesBroker broker;
    private Uuid topicId;

    @BeforeAll
    void start() throws Exception {
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0", "log.dirs", dataDir.toString())));
        topicId = broker.services().topics().create("t", 2, (short) 1, Map.of(), false).id();
    }

    @AfterAll
    void stop() {
        broker.close();
    }

    static Stream<Short> versions(ApiKeys api) {
        return IntStream.rangeClosed(api.oldestVersion(), ServedVersions.latest(api)).mapToObj(v -> (short) v);
    }

    static Stream<Short> produceVersions() {
        return versions(ApiKeys.PRODUCE);
    }

    static Stream<Short> fetchVersions() {
        return versions(ApiKeys.FETCH);
    }

    static Stream<Short> metadataVersions() {
        return versions(ApiKeys.METADATA);
    }

    static Stream<Short> listOffsetsVersions() {
        return versions(ApiKeys.LIST_OFFSETS);
    }

    static Stream<Short> apiVersionsVersions() {
        return versions(ApiKeys.API_VERSIONS);
    }

    static Stream<Short> offsetForLeaderEpochVersions() {
        return versions(ApiKeys.OFFSET_FOR_LEADER_EPOCH);
    }

    static Stream<Short> initProducerIdVersions() {
        return versions(ApiKeys.INIT_PRODUCER_ID);
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("produceVersions")
    void shouldAppendWhenProducedAtEveryVersion(short version) throws Exception {
        // given
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData();
        if (version >= 13) {
            topic.setTopicId(topicId);
        } else {
            topic.setName("t");
        }
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(1)
                .setRecords(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("k".getBytes(), "v".getBytes()))));
        ProduceRequestData request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5000);
        request.topicData().add(topic);

        // when
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            ProduceResponseData response = ((ProduceResponse) client.send(ApiKeys.PRODUCE, version, request)).data();

            // then
            ProduceResponseData.PartitionProduceResponse partition =
                    response.responses().iterator().next().partitionResponses().get(0);
            assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NONE);
            assertThat(partition.baseOffset()).isGreaterThanOrEqualTo(0);
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("fetchVersions")
    void shouldReturnRecordsWhenFetchedAtEveryVersion(short version) throws Exception {
        // given
        broker.services().topics().partition(new org.apache.kafka.common.TopicPartition("t", 0)).orElseThrow()
                .append(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("k".getBytes(), "v".getBytes())));
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic();
        if (version >= 13) {
            topic.setTopicId(topicId);
        } else {
            topic.setTopic("t");
        }
        topic.partitions().add(new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0)
                .setPartitionMaxBytes(1 << 20));
        FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(100).setMinBytes(1)
                .setMaxBytes(1 << 20).setSessionEpoch(-1).setTopics(List.of(topic));

        // when
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            FetchResponseData response = ((FetchResponse) client.send(ApiKeys.FETCH, version, request)).data();

            // then
            FetchResponseData.PartitionData partition = response.responses().get(0).partitions().get(0);
            assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NONE);
            assertThat(partition.records().sizeInBytes()).isPositive();
            assertThat(partition.highWatermark()).isPositive();
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("metadataVersions")
    void shouldDescribeTopicWhenAskedAtEveryVersion(short version) throws Exception {
        // given
        MetadataRequestData request = new MetadataRequestData().setTopics(List.of(
                new MetadataRequestData.MetadataRequestTopic().setName("t")));

        // when
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            MetadataResponse response = (MetadataResponse) client.send(ApiKeys.METADATA, version, request);

            // then
            assertThat(response.topicMetadata()).singleElement()
                    .satisfies(t -> assertThat(t.partitionMetadata()).hasSize(2));
            assertThat(response.brokers()).singleElement().satisfies(b -> assertThat(b.port()).isEqualTo(broker.port()));
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("listOffsetsVersions")
    void shouldListEarliestOffsetAtEveryVersion(short version) throws Exception {
        // given
        ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(
                new ListOffsetsRequestData.ListOffsetsTopic().setName("t").setPartitions(List.of(
                        new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-2)))));

        // when
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            ListOffsetsResponse response = (ListOffsetsResponse) client.send(ApiKeys.LIST_OFFSETS, version, request);

            // then
            var partition = response.data().topics().get(0).partitions().get(0);
            assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NONE);
            assertThat(partition.offset()).isZero();
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("offsetForLeaderEpochVersions")
    void shouldAnswerEpochEndOffsetAtEveryVersion(short version) throws Exception {
        // given
        OffsetForLeaderEpochRequestData request = new OffsetForLeaderEpochRequestData().setReplicaId(-1);
        OffsetForLeaderEpochRequestData.OffsetForLeaderTopic topic =
                new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic("t");
        topic.partitions().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0)
                .setCurrentLeaderEpoch(0).setLeaderEpoch(0));
        request.topics().add(topic);
        long logEnd = broker.services().topics().partition(new org.apache.kafka.common.TopicPartition("t", 0))
                .orElseThrow().logEndOffset();

        // when
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            OffsetsForLeaderEpochResponse response = (OffsetsForLeaderEpochResponse) client.send(
                    ApiKeys.OFFSET_FOR_LEADER_EPOCH, version, request);

            // then
            var partition = response.data().topics().find("t").partitions().get(0);
            assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NONE);
            assertThat(partition.leaderEpoch()).isZero();
            assertThat(partition.endOffset()).isEqualTo(logEnd);
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("apiVersionsVersions")
    void shouldAdvertiseApisAtEveryVersion(short version) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // when
            ApiVersionsResponse response = (ApiVersionsResponse) client.send(ApiKeys.API_VERSIONS, version,
                    new ApiVersionsRequestData().setClientSoftwareName("raw").setClientSoftwareVersion("1"));

            // then
            assertThat(response.data().errorCode()).isZero();
            assertThat(response.data().apiKeys().find(ApiKeys.FETCH.id)).isNotNull();
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("initProducerIdVersions")
    void shouldGiveProducerIdAtEveryVersion(short version) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // when
            InitProducerIdResponse response = (InitProducerIdResponse) client.send(ApiKeys.INIT_PRODUCER_ID, version,
                    new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60000).setProducerId(-1)
                            .setProducerEpoch((short) -1));

            // then
            assertThat(response.data().errorCode()).isZero();
            assertThat(response.data().producerId()).isNotNegative();
        }
    }

    @org.junit.jupiter.api.Test
    void shouldPageTopicPartitionsWhenLimitIsSmallerThanTopic() throws Exception {
        // given
        var request = new org.apache.kafka.common.message.DescribeTopicPartitionsRequestData()
                .setResponsePartitionLimit(1)
                .setTopics(List.of(new org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.TopicRequest()
                        .setName("t")));

        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // when
            var first = ((org.apache.kafka.common.requests.DescribeTopicPartitionsResponse) client.send(
                    ApiKeys.DESCRIBE_TOPIC_PARTITIONS, (short) 0, request)).data();
            request.setCursor(new org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.Cursor()
                    .setTopicName(first.nextCursor().topicName()).setPartitionIndex(first.nextCursor().partitionIndex()));
            var second = ((org.apache.kafka.common.requests.DescribeTopicPartitionsResponse) client.send(
                    ApiKeys.DESCRIBE_TOPIC_PARTITIONS, (short) 0, request)).data();

            // then
            assertThat(first.topics().find("t").partitions()).extracting(p -> p.partitionIndex()).containsExactly(0);
            assertThat(first.nextCursor().partitionIndex()).isEqualTo(1);
            assertThat(second.topics().find("t").partitions()).extracting(p -> p.partitionIndex()).containsExactly(1);
            assertThat(second.nextCursor()).isNull();
        }
    }
}
