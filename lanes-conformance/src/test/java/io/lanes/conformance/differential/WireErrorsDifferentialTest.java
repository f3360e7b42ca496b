package io.lanes.conformance.differential;

import io.lanes.conformance.java.RawRequests;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.lanes.conformance.java.Clients.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.topicName;

/**
 * Produce and Fetch sent as single requests, so the error codes and offsets the broker returns
 * are compared directly rather than through the clients' retries.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WireErrorsDifferentialTest {

    @RegisterExtension
    static BothBrokers brokers = BothBrokers.withDefaults();

    @Test
    void shouldAnswerProduceRequestsWithTheSameErrorsAndOffsets() throws Exception {
        // given
        Scenario<Map<String, String>> produce = broker -> {
            String topic = topicName("wire-produce");
            String small = topicName("wire-small");
            Uuid topicId;
            Uuid smallId;
            try (Admin admin = admin(broker)) {
                topicId = created(admin, topic, Map.of());
                smallId = created(admin, small, Map.of("max.message.bytes", "1000"));
            }
            Map<String, String> outcomes = new LinkedHashMap<>();
            try (RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
                Target target = new Target(topic, topicId, 0);
                outcomes.put("one record", produce(connection, target, (short) -1, records(1, 0)));
                outcomes.put("three records", produce(connection, target, (short) -1, records(3, 0)));
                outcomes.put("acks=1", produce(connection, target, (short) 1, records(1, 0)));
                outcomes.put("acks=2", produce(connection, target, (short) 2, records(1, 0)));
                outcomes.put("partition 7", produce(connection, new Target(topic, topicId, 7), (short) -1, records(1, 0)));
                outcomes.put("unknown topic", produce(connection,
                        new Target(topicName("never-created"), Uuid.randomUuid(), 0), (short) -1, records(1, 0)));
                outcomes.put("corrupted CRC", produce(connection, target, (short) -1, corrupted(records(2, 0))));
                outcomes.put("batch over max.message.bytes", produce(connection, new Target(small, smallId, 0), (short) -1,
                        records(1, 2000)));
                long producerId = 4_000_000L + (System.nanoTime() % 1_000_000L);
                MemoryRecords first = MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, (short) 0, 0,
                        record("idempotent-0"));
                outcomes.put("idempotent sequence 0", produce(connection, target, (short) -1, first));
                outcomes.put("same idempotent batch again", produce(connection, target, (short) -1,
                        MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, (short) 0, 0, record("idempotent-0"))));
                outcomes.put("idempotent sequence gap", produce(connection, target, (short) -1,
                        MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, (short) 0, 5, record("gap"))));
                outcomes.put("idempotent next sequence", produce(connection, target, (short) -1,
                        MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, (short) 0, 1, record("next"))));
                outcomes.put("new producer starting at sequence 9", produce(connection, target, (short) -1,
                        MemoryRecords.withIdempotentRecords(Compression.NONE, producerId + 1, (short) 0, 9, record("late"))));
            }
            return outcomes;
        };

        // when
        Observations<Map<String, String>> observed = brokers.observe(produce);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldCheckTheClusterAndNodeNamedInApiVersionsV5AsKafkaDoes() throws Exception {
        // given
        Scenario<Map<String, String>> apiVersions = broker -> {
            String clusterId;
            int nodeId;
            try (Admin admin = admin(broker)) {
                clusterId = admin.describeCluster().clusterId().get();
                nodeId = admin.describeCluster().nodes().get().iterator().next().id();
            }
            Map<String, String> outcomes = new LinkedHashMap<>();
            try (RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
                outcomes.put("no target", apiVersionsV5(connection, null, -1));
                outcomes.put("this cluster and node", apiVersionsV5(connection, clusterId, nodeId));
                outcomes.put("another cluster", apiVersionsV5(connection, "another-cluster-id", nodeId));
                outcomes.put("another node", apiVersionsV5(connection, clusterId, nodeId + 1));
                outcomes.put("cluster without node", apiVersionsV5(connection, clusterId, -1));
                outcomes.put("node without cluster", apiVersionsV5(connection, null, nodeId));
            }
            return outcomes;
        };

        // when
        Observations<Map<String, String>> observed = brokers.observe(apiVersions);

        // then
        observed.assertLanesMatchesKafka();
        assertThat(observed.lanes().get("another node")).isEqualTo("REBOOTSTRAP_REQUIRED, no APIs listed");
    }

    private static String apiVersionsV5(RawRequests.Connection connection, String clusterId, int nodeId)
            throws IOException {
        ApiVersionsResponse response = (ApiVersionsResponse) connection.send(new ApiVersionsRequest(
                new ApiVersionsRequestData().setClientSoftwareName("lanes-conformance").setClientSoftwareVersion("1")
                        .setClusterId(clusterId).setNodeId(nodeId), (short) 5));
        return Errors.forCode(response.data().errorCode()).name()
                + (response.data().apiKeys().isEmpty() ? ", no APIs listed" : ", APIs listed");
    }

    @Test
    void shouldAnswerFetchRequestsWithTheSameErrorsOffsetsAndBatches() throws Exception {
        // given
        Scenario<Map<String, String>> fetch = broker -> {
            String topic = topicName("wire-fetch");
            Uuid topicId;
            try (Admin admin = admin(broker)) {
                topicId = created(admin, topic, Map.of());
            }
            Map<String, String> outcomes = new LinkedHashMap<>();
            try (RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
                Target target = new Target(topic, topicId, 0);
                produce(connection, target, (short) -1, records(1, 0));
                produce(connection, target, (short) -1, records(3, 0));
                for (long offset : new long[] {0, 2, 3, 4, 5, -1}) {
                    outcomes.put("offset " + offset, fetch(connection, target, offset, 1_048_576));
                }
                outcomes.put("offset 0, 1 byte allowed", fetch(connection, target, 0, 1));
                outcomes.put("partition 7", fetch(connection, new Target(topic, topicId, 7), 0, 1_048_576));
                outcomes.put("unknown topic", fetch(connection,
                        new Target(topicName("never-created"), Uuid.randomUuid(), 0), 0, 1_048_576));
                outcomes.put("as follower replica 7", fetch(connection, target, 0, 1_048_576, 7));
                outcomes.put("as follower replica 7, unknown topic", fetch(connection,
                        new Target(topicName("never-created"), Uuid.randomUuid(), 0), 0, 1_048_576, 7));
            }
            return outcomes;
        };

        // when
        Observations<Map<String, String>> observed = brokers.observe(fetch);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldStoreBatchesWithTheSameCompressionWhenTopicSetsCompressionType() throws Exception {
        // given
        Scenario<Map<String, String>> storedCodecs = broker -> {
            Map<String, String> outcomes = new LinkedHashMap<>();
            for (String topicCodec : new String[] {"producer", "gzip", "uncompressed", "lz4"}) {
                String topic = topicName("codec-" + topicCodec);
                Uuid topicId;
                try (Admin admin = admin(broker)) {
                    topicId = created(admin, topic, Map.of("compression.type", topicCodec));
                }
                try (RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
                    Target target = new Target(topic, topicId, 0);
                    SimpleRecord[] records = {record("a"), record("b"), record("c")};
                    String produced = produce(connection, target, (short) -1,
                            MemoryRecords.withRecords(Compression.lz4().build(), records));
                    outcomes.put("topic " + topicCodec + ", lz4 batch", produced + " -> " + storedCompression(connection, target));
                }
            }
            return outcomes;
        };

        // when
        Observations<Map<String, String>> observed = brokers.observe(storedCodecs);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldAcceptAndRejectTheSameTimestampsWhenProducing() throws Exception {
        // given
        Scenario<Map<String, String>> timestamps = broker -> {
            String byDefault = topicName("ts-default");
            String bounded = topicName("ts-bounded");
            Uuid defaultId;
            Uuid boundedId;
            try (Admin admin = admin(broker)) {
                defaultId = created(admin, byDefault, Map.of());
                boundedId = created(admin, bounded, Map.of("message.timestamp.before.max.ms", "3600000",
                        "message.timestamp.after.max.ms", "60000"));
            }
            long now = System.currentTimeMillis();
            Map<String, Long> cases = new LinkedHashMap<>();
            cases.put("now", now);
            cases.put("10 minutes ahead", now + 600_000L);
            cases.put("2 hours ahead", now + 7_200_000L);
            cases.put("2 hours ago", now - 7_200_000L);
            cases.put("epoch + 1 s", 1_000L);
            cases.put("no timestamp (-1)", -1L);
            Map<String, String> outcomes = new LinkedHashMap<>();
            try (RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
                for (Map.Entry<String, Long> c : cases.entrySet()) {
                    SimpleRecord record = new SimpleRecord(c.getValue(), "k".getBytes(StandardCharsets.UTF_8),
                            "v".getBytes(StandardCharsets.UTF_8));
                    outcomes.put("default topic, " + c.getKey(), errorOnly(produce(connection,
                            new Target(byDefault, defaultId, 0), (short) -1, MemoryRecords.withRecords(Compression.NONE, record))));
                    outcomes.put("bounded topic, " + c.getKey(), errorOnly(produce(connection,
                            new Target(bounded, boundedId, 0), (short) -1, MemoryRecords.withRecords(Compression.NONE, record))));
                }
            }
            return outcomes;
        };

        // when
        Observations<Map<String, String>> observed = brokers.observe(timestamps);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldRefuseAndFindTheSameRecordsWhenTheirDecompressedSizeExceedsMaxDecompressedMessageBytes() throws Exception {
        // given: a topic allowing records of 500 bytes once decompressed, and one whose limit is lowered after
        // records of 2,000 bytes were stored
        Scenario<Map<String, String>> limits = broker -> {
            String limited = topicName("decompressed-limit");
            String lowered = topicName("decompressed-lowered");
            Uuid limitedId;
            Uuid loweredId;
            try (Admin admin = admin(broker)) {
                limitedId = created(admin, limited, Map.of("max.decompressed.message.bytes", "500"));
                loweredId = created(admin, lowered, Map.of());
            }
            Map<String, String> outcomes = new LinkedHashMap<>();
            try (RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
                Target target = new Target(limited, limitedId, 0);
                outcomes.put("lz4, records of 100 bytes", produce(connection, target, (short) -1,
                        compressed(Compression.lz4().build(), 100, 100)));
                outcomes.put("lz4, a record of 2,000 bytes", produce(connection, target, (short) -1,
                        compressed(Compression.lz4().build(), 2_000)));
                outcomes.put("gzip, 100 then 2,000 bytes", produce(connection, target, (short) -1,
                        compressed(Compression.gzip().build(), 100, 2_000)));
                outcomes.put("uncompressed, a record of 2,000 bytes", produce(connection, target, (short) -1,
                        compressed(Compression.NONE, 2_000)));
                outcomes.put("stored", fetch(connection, target, 0, 1_048_576));
                Target before = new Target(lowered, loweredId, 0);
                outcomes.put("lz4 2,000 bytes before the limit is lowered", produce(connection, before, (short) -1,
                        compressed(Compression.lz4().build(), 2_000, 2_000, 2_000)));
            }
            try (Admin admin = admin(broker)) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, lowered);
                admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                        new ConfigEntry("max.decompressed.message.bytes", "500"), AlterConfigOp.OpType.SET)))).all().get();
                TopicPartition partition = new TopicPartition(lowered, 0);
                outcomes.put("offset for timestamp 1001 after lowering", listOffset(admin, partition, OffsetSpec.forTimestamp(1_001L)));
                outcomes.put("max timestamp after lowering", listOffset(admin, partition, OffsetSpec.maxTimestamp()));
                outcomes.put("latest after lowering", listOffset(admin, partition, OffsetSpec.latest()));
            }
            try (RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
                outcomes.put("fetch after lowering", fetch(connection, new Target(lowered, loweredId, 0), 0, 1_048_576));
            }
            return outcomes;
        };

        // when
        Observations<Map<String, String>> observed = brokers.observe(limits);

        // then
        observed.assertLanesMatchesKafka();
    }

    /** One batch of records whose values have the given sizes, timestamps 1000, 1001, ... */
    private static MemoryRecords compressed(Compression compression, int... valueSizes) {
        SimpleRecord[] records = new SimpleRecord[valueSizes.length];
        for (int i = 0; i < valueSizes.length; i++) {
            records[i] = new SimpleRecord(1_000L + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    "x".repeat(valueSizes[i]).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(compression, records);
    }

    /** The offset an admin finds for {@code spec}, or the exception it gets. */
    private static String listOffset(Admin admin, TopicPartition partition, OffsetSpec spec) {
        try {
            ListOffsetsResult.ListOffsetsResultInfo info = admin.listOffsets(Map.of(partition, spec),
                    new ListOffsetsOptions().timeoutMs(5_000)).partitionResult(partition).get();
            return "offset " + info.offset() + " timestamp " + info.timestamp();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause.getClass().getSimpleName();
        }
    }

    /** Creates a topic of one partition with {@code configs}; returns its id. */
    private static Uuid created(Admin admin, String topic, Map<String, String> configs) throws Exception {
        createTopic(admin, topic, 1, configs);
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
    }

    /** The codec of every batch stored in the partition. */

    @Test
    void shouldServeRequestsWithBytesAfterTheLastFieldAndCloseOnTruncatedOnes() throws Exception {
        // given: Metadata for all topics as librdkafka 2.10+ frames it (3 bytes after the body), then a
        // request cut short
        Scenario<Map<String, String>> frames = broker -> {
            String topic = topicName("wire-trailing");
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, 2);
            }
            Map<String, String> outcomes = new LinkedHashMap<>();
            try (RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
                for (short version = 9; version <= connection.version(ApiKeys.METADATA); version++) {
                    MetadataRequest allTopics = new MetadataRequest.Builder(new MetadataRequestData()
                            .setTopics(null).setAllowAutoTopicCreation(true)).build(version);
                    MetadataResponse answer = (MetadataResponse) connection.send(allTopics, new byte[]{1, 0, 0}, 0);
                    outcomes.put("metadata v" + version + " with 3 trailing bytes",
                            answer.topicMetadata().stream().filter(t -> t.topic().equals(topic))
                                    .map(t -> t.error() + " " + t.partitionMetadata().size() + " partitions")
                                    .findFirst().orElse("topic missing"));
                }
                MetadataRequest one = new MetadataRequest.Builder(List.of(topic), false)
                        .build(connection.version(ApiKeys.METADATA));
                outcomes.put("same connection afterwards", ((MetadataResponse) connection.send(one)).topicMetadata()
                        .iterator().next().error().name());
                try {
                    connection.send(one, new byte[0], 4);
                    outcomes.put("metadata cut 4 bytes short", "answered");
                } catch (java.io.IOException e) {
                    outcomes.put("metadata cut 4 bytes short", "connection closed");
                }
            }
            return outcomes;
        };

        // when
        Observations<Map<String, String>> observed = brokers.observe(frames);

        // then
        observed.assertLanesMatchesKafka();
    }

    private static List<String> storedCompression(RawRequests.Connection connection, Target target) throws Exception {
        short version = connection.version(ApiKeys.FETCH);
        Map<TopicPartition, FetchRequest.PartitionData> partitions = Map.of(new TopicPartition(target.topic(), target.partition()),
                new FetchRequest.PartitionData(target.topicId(), 0, -1L, 1_048_576, Optional.empty()));
        FetchResponse response = (FetchResponse) connection.send(
                FetchRequest.Builder.forConsumer(version, 0, 1, partitions).build(version));
        List<String> codecs = new ArrayList<>();
        for (FetchResponseData.FetchableTopicResponse topic : response.data().responses()) {
            for (FetchResponseData.PartitionData p : topic.partitions()) {
                for (RecordBatch batch : ((Records) p.records()).batches()) {
                    codecs.add(batch.compressionType().name + " " + batch.baseOffset() + ".." + batch.lastOffset());
                }
            }
        }
        return codecs;
    }

    /** A produce outcome without offsets: {@code "0: NONE"}. */
    private static String errorOnly(String outcome) {
        int offsets = outcome.indexOf(" baseOffset=");
        return offsets < 0 ? outcome : outcome.substring(0, offsets);
    }

    /** A partition addressed by name (old versions) and id (new versions). */
    private record Target(String topic, Uuid topicId, int partition) {
    }

    private static String produce(RawRequests.Connection connection, Target target, short acks, MemoryRecords records)
            throws Exception {
        short version = connection.version(ApiKeys.PRODUCE);
        ProduceRequestData.TopicProduceData topicData = new ProduceRequestData.TopicProduceData()
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData()
                        .setIndex(target.partition()).setRecords(records)));
        if (version >= 13) {
            topicData.setTopicId(target.topicId());
        } else {
            topicData.setName(target.topic());
        }
        ProduceRequestData data = new ProduceRequestData()
                .setAcks(acks)
                .setTimeoutMs(10_000)
                .setTopicData(new ProduceRequestData.TopicProduceDataCollection(List.of(topicData).iterator()));
        ProduceResponse response = (ProduceResponse) connection.send(ProduceRequest.builder(data).build(version));
        List<String> partitions = new ArrayList<>();
        for (ProduceResponseData.TopicProduceResponse topic : response.data().responses()) {
            for (ProduceResponseData.PartitionProduceResponse p : topic.partitionResponses()) {
                Errors error = Errors.forCode(p.errorCode());
                partitions.add(p.index() + ": " + error
                        + (error == Errors.NONE ? " baseOffset=" + p.baseOffset() + " logStartOffset=" + p.logStartOffset() : "")
                        + (p.recordErrors().isEmpty() ? "" : " recordErrors=" + p.recordErrors().size()));
            }
        }
        return String.join(", ", partitions);
    }

    private static String fetch(RawRequests.Connection connection, Target target, long offset, int partitionMaxBytes)
            throws Exception {
        return fetch(connection, target, offset, partitionMaxBytes, -1);
    }

    /** A Fetch as a consumer ({@code replicaId} -1) or as the follower {@code replicaId}. */
    private static String fetch(RawRequests.Connection connection, Target target, long offset, int partitionMaxBytes,
                                int replicaId) throws Exception {
        short version = connection.version(ApiKeys.FETCH);
        Map<TopicPartition, FetchRequest.PartitionData> partitions = new LinkedHashMap<>();
        partitions.put(new TopicPartition(target.topic(), target.partition()),
                new FetchRequest.PartitionData(target.topicId(), offset, -1L, partitionMaxBytes, Optional.empty()));
        FetchRequest request = (replicaId < 0 ? FetchRequest.Builder.forConsumer(version, 0, 1, partitions)
                : FetchRequest.Builder.forReplica(version, replicaId, 0L, 0, 1, partitions)).build(version);
        FetchResponse response = (FetchResponse) connection.send(request);
        if (response.error() != Errors.NONE) {
            return "top-level " + response.error();
        }
        List<String> results = new ArrayList<>();
        for (FetchResponseData.FetchableTopicResponse topic : response.data().responses()) {
            for (FetchResponseData.PartitionData p : topic.partitions()) {
                Errors error = Errors.forCode(p.errorCode());
                StringBuilder result = new StringBuilder(p.partitionIndex() + ": " + error);
                if (error == Errors.NONE) {
                    result.append(" hw=").append(p.highWatermark()).append(" lso=").append(p.lastStableOffset())
                            .append(" logStart=").append(p.logStartOffset()).append(" batches=").append(batches((Records) p.records()));
                }
                results.add(result.toString());
            }
        }
        return String.join(", ", results);
    }

    /** The batches as {@code baseOffset..lastOffset}. */
    private static List<String> batches(Records records) {
        List<String> batches = new ArrayList<>();
        if (records != null) {
            for (RecordBatch batch : records.batches()) {
                batches.add(batch.baseOffset() + ".." + batch.lastOffset());
            }
        }
        return batches;
    }

    private static MemoryRecords records(int count, int valueSize) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(1_000L + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    ("v" + i + "x".repeat(valueSize)).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    private static SimpleRecord record(String value) {
        return new SimpleRecord(1_000L, "k".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    /** The same batch with its last byte flipped, so the CRC no longer matches. */
    private static MemoryRecords corrupted(MemoryRecords records) {
        ByteBuffer copy = ByteBuffer.allocate(records.sizeInBytes());
        copy.put(records.buffer().duplicate());
        copy.flip();
        int last = copy.limit() - 1;
        copy.put(last, (byte) (copy.get(last) ^ 0x5A));
        return MemoryRecords.readableRecords(copy);
    }

}
