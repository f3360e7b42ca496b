package io.lanes.broker;

import io.lanes.broker.api.ServedVersions;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TransactionState;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AddOffsetsToTxnResponse;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.DescribeTransactionsResponse;
import org.apache.kafka.common.requests.EndTxnResponse;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ListTransactionsResponse;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.TxnOffsetCommitResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Every version of the transaction APIs that ApiVersions advertises, answered and parsed by kafka-clients, each
 * with the error codes a client acts on: PRODUCER_FENCED from the version that knows it (INVALID_PRODUCER_EPOCH
 * before), per-partition errors of AddPartitionsToTxn, INVALID_TXN_STATE for an EndTxn that contradicts the
 * outcome, UNSTABLE_OFFSET_COMMIT while transactional offsets are pending, TRANSACTIONAL_ID_NOT_FOUND.
 * Each test uses its own transactional id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionEveryVersionTest {
    private static final int TIMEOUT_MS = 60_000;

    @TempDir
    static Path dataDir;
    private LanesBroker broker;
    private Map<Short, ApiVersion> advertised;

    @BeforeAll
    void start() throws Exception {
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0", "log.dirs", dataDir.toString(),
                "offsets.topic.num.partitions", "2", "transaction.state.log.num.partitions", "2")));
        broker.services().topics().create("t", 2, (short) 1, Map.of(), false);
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            ApiVersionsResponse versions = (ApiVersionsResponse) client.send(ApiKeys.API_VERSIONS, (short) 3,
                    new ApiVersionsRequestData().setClientSoftwareName("raw").setClientSoftwareVersion("1"));
            advertised = new HashMap<>();
            versions.data().apiKeys().forEach(v -> advertised.put(v.apiKey(), v));
            assertThat(versions.data().finalizedFeatures().find("transaction.version").maxVersionLevel())
                    .isEqualTo((short) 2);
        }
    }

    @AfterAll
    void stop() {
        broker.close();
    }

    Stream<Short> advertisedVersions(ApiKeys api) {
        ApiVersion range = advertised.get(api.id);
        assertThat(range).as(api + " advertised").isNotNull();
        return IntStream.rangeClosed(range.minVersion(), range.maxVersion()).mapToObj(v -> (short) v);
    }

    Stream<Short> initProducerIdVersions() { return advertisedVersions(ApiKeys.INIT_PRODUCER_ID); }
    Stream<Short> addPartitionsToTxnVersions() { return advertisedVersions(ApiKeys.ADD_PARTITIONS_TO_TXN); }
    Stream<Short> addOffsetsToTxnVersions() { return advertisedVersions(ApiKeys.ADD_OFFSETS_TO_TXN); }
    Stream<Short> endTxnVersions() { return advertisedVersions(ApiKeys.END_TXN); }
    Stream<Short> txnOffsetCommitVersions() { return advertisedVersions(ApiKeys.TXN_OFFSET_COMMIT); }
    Stream<Short> listTransactionsVersions() { return advertisedVersions(ApiKeys.LIST_TRANSACTIONS); }
    Stream<Short> describeTransactionsVersions() { return advertisedVersions(ApiKeys.DESCRIBE_TRANSACTIONS); }

    @Test
    void shouldAdvertiseTheClientVersionsOfBothTransactionProtocolVersions() {
        // then: AddPartitionsToTxn v4+ is broker-to-broker; EndTxn v5 and TxnOffsetCommit v5-v6 are version 2
        assertThat(range(ApiKeys.ADD_PARTITIONS_TO_TXN)).containsExactly(0, 3);
        assertThat(range(ApiKeys.END_TXN)).containsExactly(0, 5);
        assertThat(range(ApiKeys.TXN_OFFSET_COMMIT)).containsExactly(0, 6);
    }

    @Test
    void shouldBumpEpochAndFenceOldEpochWhenEndTxnV5() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given
            String id = "end-v5-bump";
            Producer producer = init(client, id);
            addPartitions(client, (short) 3, producer, Map.of("t", List.of(0)));

            // when
            EndTxnResponse committed = endTxnResponse(client, (short) 5, producer, true);
            Producer next = new Producer(id, committed.data().producerId(), committed.data().producerEpoch());
            EndTxnResponse retried = endTxnResponse(client, (short) 5, producer, true);
            Errors nextWithoutTransaction = endTxn(client, (short) 5, next, true);
            Errors addedWithOldEpoch = addPartitions(client, (short) 3, producer, Map.of("t", List.of(1))).get("t-1");

            // then
            assertThat(committed.error()).isEqualTo(Errors.NONE);
            assertThat(next.id()).isEqualTo(producer.id());
            assertThat(next.epoch()).isEqualTo((short) (producer.epoch() + 1));
            assertThat(retried.error()).isEqualTo(Errors.NONE);
            assertThat(retried.data().producerEpoch()).isEqualTo(next.epoch());
            assertThat(nextWithoutTransaction).isEqualTo(Errors.INVALID_TXN_STATE);
            assertThat(addedWithOldEpoch).isEqualTo(Errors.PRODUCER_FENCED);
        }
    }

    @Test
    void shouldFenceLateWriteOfFinishedTransactionWhenProduceV12CarriesTheOldEpoch() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given: a version-2 transaction whose first write added its partition, then committed
            String id = "produce-v12-zombie";
            Producer producer = init(client, id);
            Errors firstWrite = produceV12(client, producer, 0);
            String stateAfterWrite = describe(client, id).transactionState();
            EndTxnResponse committed = endTxnResponse(client, (short) 5, producer, true);
            Producer next = new Producer(id, committed.data().producerId(), committed.data().producerEpoch());

            // when: a write of the finished transaction arrives late, then the next transaction starts
            Errors lateWrite = produceV12(client, producer, 1);
            Errors nextWrite = produceV12(client, next, 0);

            // then
            assertThat(firstWrite).isEqualTo(Errors.NONE);
            assertThat(stateAfterWrite).isEqualTo("Ongoing");
            assertThat(lateWrite).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
            assertThat(nextWrite).isEqualTo(Errors.NONE);
            assertThat(describe(client, id).transactionState()).isEqualTo("Ongoing");
            assertThat(endTxn(client, (short) 5, next, false)).isEqualTo(Errors.NONE);
        }
    }

    /** A transactional Produce v12 of one record to t-0 at {@code sequence}; no AddPartitionsToTxn before it. */
    private Errors produceV12(RawKafkaClient client, Producer producer, int sequence) throws Exception {
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName("t");
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0)
                .setRecords(MemoryRecords.withTransactionalRecords(Compression.NONE, producer.id(), producer.epoch(),
                        sequence, new SimpleRecord("k".getBytes(), "v".getBytes()))));
        ProduceRequestData request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5000)
                .setTransactionalId(producer.transactionalId());
        request.topicData().add(topic);
        ProduceResponseData response = ((ProduceResponse) client.send(ApiKeys.PRODUCE, (short) 12, request)).data();
        return Errors.forCode(response.responses().iterator().next().partitionResponses().get(0).errorCode());
    }

    @Test
    void shouldAddGroupImplicitlyWhenTxnOffsetCommitV5WithoutAddOffsetsToTxn() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given
            String id = "offsets-v5-implicit";
            String group = "txn-group-v5-implicit";
            Producer producer = init(client, id);

            // when
            List<Errors> written = txnOffsetCommit(client, (short) 5, producer, group, 77);
            String state = describe(client, id).transactionState();
            EndTxnResponse committed = endTxnResponse(client, (short) 5, producer, true);
            OffsetFetchResponsePartitions afterCommit = fetchOffset(client, group, true);

            // then
            assertThat(written).containsExactly(Errors.NONE);
            assertThat(state).isEqualTo("Ongoing");
            assertThat(committed.error()).isEqualTo(Errors.NONE);
            assertThat(afterCommit.committedOffset()).isEqualTo(77L);
        }
    }

    @Test
    void shouldAnswerByTopicIdAndRejectUnknownIdsWhenTxnOffsetCommitV6() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given
            Producer producer = init(client, "offsets-v6-ids");
            Uuid known = broker.services().topics().topic("t").orElseThrow().id();
            Uuid unknown = Uuid.randomUuid();

            // when
            TxnOffsetCommitResponse response = txnOffsetCommitV6(client, producer, "txn-group-v6-ids", -1,
                    List.of(known, unknown));

            // then: topics answered by id, the unknown one with UNKNOWN_TOPIC_ID
            assertThat(response.data().topics()).extracting(TxnOffsetCommitResponseTopic::topicId,
                            t -> Errors.forCode(t.partitions().get(0).errorCode()))
                    .containsExactlyInAnyOrder(tuple(known, Errors.NONE), tuple(unknown, Errors.UNKNOWN_TOPIC_ID));
            assertThat(fetchOffset(client, "txn-group-v6-ids", false).committedOffset())
                    .as("not committed before EndTxn").isEqualTo(-1L);
        }
    }

    @Test
    void shouldAnswerOnlyUnknownTopicIdWithoutTouchingTheTransactionWhenNoTopicIsKnown() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given: a producer id the coordinator never assigned
            Producer stranger = new Producer("offsets-v6-stranger", 123_456L, (short) 0);

            // when
            TxnOffsetCommitResponse response = txnOffsetCommitV6(client, stranger, "txn-group-v6-stranger", -1,
                    List.of(Uuid.randomUuid()));

            // then: as Kafka, nothing left to commit, so no transaction check and no fencing error
            assertThat(response.errorCounts()).containsOnlyKeys(Errors.UNKNOWN_TOPIC_ID);
        }
    }

    @Test
    void shouldAnswerGroupIdNotFoundFromV6AndIllegalGenerationBeforeWhenTheGroupDoesNotExist() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given: a generation for a group nobody created
            Producer producer = init(client, "offsets-v6-no-group");
            Uuid topicId = broker.services().topics().topic("t").orElseThrow().id();

            // when
            TxnOffsetCommitResponse v6 = txnOffsetCommitV6(client, producer, "txn-group-v6-missing", 3,
                    List.of(topicId));
            TxnOffsetCommitResponse v5 = (TxnOffsetCommitResponse) client.send(ApiKeys.TXN_OFFSET_COMMIT, (short) 5,
                    txnOffsetCommitRequest(producer, "txn-group-v6-missing", 3, List.of(
                            new TxnOffsetCommitRequestTopic().setName("t").setPartitions(partitionOne()))));

            // then
            assertThat(v6.errorCounts()).containsOnlyKeys(Errors.GROUP_ID_NOT_FOUND);
            assertThat(v5.errorCounts()).containsOnlyKeys(Errors.ILLEGAL_GENERATION);
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("initProducerIdVersions")
    void shouldAssignProducerIdAndBumpEpochWhenTransactionalProducerInitializesTwice(short version) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given
            InitProducerIdRequestData request = new InitProducerIdRequestData().setTransactionalId("init-v" + version)
                    .setTransactionTimeoutMs(TIMEOUT_MS);

            // when
            InitProducerIdResponse first = (InitProducerIdResponse) client.send(ApiKeys.INIT_PRODUCER_ID, version, request);
            InitProducerIdResponse second = (InitProducerIdResponse) client.send(ApiKeys.INIT_PRODUCER_ID, version, request);
            InitProducerIdResponse invalidTimeout = (InitProducerIdResponse) client.send(ApiKeys.INIT_PRODUCER_ID,
                    version, request.duplicate().setTransactionTimeoutMs(Integer.MAX_VALUE));

            // then
            assertThat(first.error()).isEqualTo(Errors.NONE);
            assertThat(first.data().producerId()).isNotNegative();
            assertThat(first.data().producerEpoch()).isZero();
            assertThat(second.error()).isEqualTo(Errors.NONE);
            assertThat(second.data().producerId()).isEqualTo(first.data().producerId());
            assertThat(second.data().producerEpoch()).isEqualTo((short) 1);
            assertThat(invalidTimeout.error()).isEqualTo(Errors.INVALID_TRANSACTION_TIMEOUT);
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("addPartitionsToTxnVersions")
    void shouldAddKnownPartitionsAndAnswerPerPartitionErrorsWhenAddPartitionsToTxn(short version) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given
            String id = "add-partitions-v" + version;
            Producer fenced = init(client, id);
            Producer producer = init(client, id);

            // when
            Map<String, Errors> stale = addPartitions(client, version, fenced, Map.of("t", List.of(0)));
            Map<String, Errors> added = addPartitions(client, version, producer, Map.of("t", List.of(0)));
            Map<String, Errors> withUnknownTopic = addPartitions(client, version, producer,
                    Map.of("t", List.of(1), "missing", List.of(0)));

            // then
            assertThat(stale).containsExactly(Map.entry("t-0", fencedError(version, 2)));
            assertThat(added).containsExactly(Map.entry("t-0", Errors.NONE));
            assertThat(withUnknownTopic).containsOnly(Map.entry("t-1", Errors.OPERATION_NOT_ATTEMPTED),
                    Map.entry("missing-0", Errors.UNKNOWN_TOPIC_OR_PARTITION));
            assertThat(describe(client, id).topics()).extracting(t -> t.topic() + t.partitions())
                    .containsExactly("t[0]");
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("addOffsetsToTxnVersions")
    void shouldAddGroupOffsetsPartitionWhenAddOffsetsToTxn(short version) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given
            String id = "add-offsets-v" + version;
            Producer fenced = init(client, id);
            Producer producer = init(client, id);

            // when
            AddOffsetsToTxnResponse stale = addOffsets(client, version, fenced, "group-v" + version);
            AddOffsetsToTxnResponse added = addOffsets(client, version, producer, "group-v" + version);

            // then
            assertThat(Errors.forCode(stale.data().errorCode())).isEqualTo(fencedError(version, 2));
            assertThat(Errors.forCode(added.data().errorCode())).isEqualTo(Errors.NONE);
            TransactionState described = describe(client, id);
            assertThat(described.transactionState()).isEqualTo("Ongoing");
            assertThat(described.topics()).extracting(DescribeTransactionsResponseData.TopicData::topic)
                    .containsExactly(Topic.GROUP_METADATA_TOPIC_NAME);
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("endTxnVersions")
    void shouldCommitOnceAndRejectContradictingAbortWhenEndTxn(short version) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given
            String id = "end-v" + version;
            Producer fenced = init(client, id);
            Producer producer = init(client, id);
            addPartitions(client, (short) 3, producer, Map.of("t", List.of(0)));

            // when
            Errors stale = endTxn(client, version, fenced, true);
            Errors committed = endTxn(client, version, producer, true);
            Errors retried = endTxn(client, version, producer, true);
            Errors contradicting = endTxn(client, version, producer, false);
            Errors unknown = endTxn(client, version, new Producer("never-initialized-v" + version, 999_999L, (short) 0), true);

            // then
            assertThat(stale).isEqualTo(fencedError(version, 2));
            assertThat(committed).isEqualTo(Errors.NONE);
            assertThat(retried).isEqualTo(Errors.NONE);
            assertThat(contradicting).isEqualTo(Errors.INVALID_TXN_STATE);
            assertThat(unknown).isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING);
            assertThat(describe(client, id).transactionState()).isEqualTo("CompleteCommit");
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("txnOffsetCommitVersions")
    void shouldKeepOffsetsUnstableUntilCommittedWhenTxnOffsetCommit(short version) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given
            String id = "offsets-v" + version;
            String group = "txn-group-v" + version;
            Producer fenced = init(client, id);
            Producer producer = init(client, id);
            addOffsets(client, (short) 3, producer, group);

            // when
            List<Errors> stale = txnOffsetCommit(client, version, fenced, group, 7);
            List<Errors> written = txnOffsetCommit(client, version, producer, group, 40 + version);
            OffsetFetchResponsePartitions pending = fetchOffset(client, group, true);
            OffsetFetchResponsePartitions pendingUnstableAllowed = fetchOffset(client, group, false);
            Errors committed = endTxn(client, (short) 3, producer, true);
            OffsetFetchResponsePartitions afterCommit = fetchOffset(client, group, true);

            // then
            assertThat(stale).containsExactly(fencedError(version, 3));
            assertThat(written).containsExactly(Errors.NONE);
            assertThat(Errors.forCode(pending.errorCode())).isEqualTo(Errors.UNSTABLE_OFFSET_COMMIT);
            assertThat(pendingUnstableAllowed.committedOffset()).as("offset before the commit").isEqualTo(-1L);
            assertThat(committed).isEqualTo(Errors.NONE);
            assertThat(Errors.forCode(afterCommit.errorCode())).isEqualTo(Errors.NONE);
            assertThat(afterCommit.committedOffset()).isEqualTo(40L + version);
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("listTransactionsVersions")
    void shouldListOpenTransactionFilteredByStateDurationAndPatternWhenListTransactions(short version) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given
            String id = "list-v" + version;
            Producer producer = init(client, id);
            addPartitions(client, (short) 3, producer, Map.of("t", List.of(1)));

            // when
            ListTransactionsResponse ongoing = listTransactions(client, version,
                    new ListTransactionsRequestData().setStateFilters(List.of("Ongoing", "NoSuchState")));
            ListTransactionsResponse ofProducer = listTransactions(client, version,
                    new ListTransactionsRequestData().setProducerIdFilters(List.of(producer.id())));

            // then
            assertThat(ongoing.data().errorCode()).isZero();
            assertThat(ongoing.data().unknownStateFilters()).containsExactly("NoSuchState");
            assertThat(ids(ongoing)).contains(id);
            assertThat(ofProducer.data().transactionStates()).singleElement().satisfies(state -> {
                assertThat(state.transactionalId()).isEqualTo(id);
                assertThat(state.transactionState()).isEqualTo("Ongoing");
            });
            if (version >= 1) {
                ListTransactionsResponse longRunning = listTransactions(client, version,
                        new ListTransactionsRequestData().setDurationFilter(3_600_000L));
                assertThat(ids(longRunning)).doesNotContain(id);
            }
            if (version >= 2) {
                ListTransactionsResponse matching = listTransactions(client, version,
                        new ListTransactionsRequestData().setTransactionalIdPattern("list-v" + version));
                ListTransactionsResponse broken = listTransactions(client, version,
                        new ListTransactionsRequestData().setTransactionalIdPattern("["));
                assertThat(ids(matching)).containsExactly(id);
                assertThat(Errors.forCode(broken.data().errorCode())).isEqualTo(Errors.INVALID_REGULAR_EXPRESSION);
            }
        }
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("describeTransactionsVersions")
    void shouldDescribeOpenTransactionAndRejectUnknownIdWhenDescribeTransactions(short version) throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            // given
            String id = "describe-v" + version;
            Producer producer = init(client, id);
            addPartitions(client, (short) 3, producer, Map.of("t", List.of(0, 1)));

            // when
            DescribeTransactionsResponse response = (DescribeTransactionsResponse) client.send(
                    ApiKeys.DESCRIBE_TRANSACTIONS, version,
                    new DescribeTransactionsRequestData().setTransactionalIds(List.of(id, "unknown-id")));

            // then
            TransactionState open = response.data().transactionStates().get(0);
            assertThat(Errors.forCode(open.errorCode())).isEqualTo(Errors.NONE);
            assertThat(open.transactionState()).isEqualTo("Ongoing");
            assertThat(open.producerId()).isEqualTo(producer.id());
            assertThat(open.producerEpoch()).isEqualTo(producer.epoch());
            assertThat(open.transactionTimeoutMs()).isEqualTo(TIMEOUT_MS);
            assertThat(open.transactionStartTimeMs()).isPositive();
            assertThat(open.topics()).singleElement().satisfies(t -> {
                assertThat(t.topic()).isEqualTo("t");
                assertThat(t.partitions()).containsExactlyInAnyOrder(0, 1);
            });
            assertThat(Errors.forCode(response.data().transactionStates().get(1).errorCode()))
                    .isEqualTo(Errors.TRANSACTIONAL_ID_NOT_FOUND);
        }
    }

    /** A transactional producer as the coordinator knows it. */
    private record Producer(String transactionalId, long id, short epoch) {
    }

    private List<Integer> range(ApiKeys api) {
        ApiVersion version = advertised.get(api.id);
        return List.of((int) version.minVersion(), (int) version.maxVersion());
    }

    /** The error a fenced producer gets: PRODUCER_FENCED from {@code fencedVersion}, INVALID_PRODUCER_EPOCH before. */
    private static Errors fencedError(short version, int fencedVersion) {
        return version >= fencedVersion ? Errors.PRODUCER_FENCED : Errors.INVALID_PRODUCER_EPOCH;
    }

    private Producer init(RawKafkaClient client, String transactionalId) throws Exception {
        InitProducerIdResponse response = (InitProducerIdResponse) client.send(ApiKeys.INIT_PRODUCER_ID,
                ServedVersions.INIT_PRODUCER_ID, new InitProducerIdRequestData()
                        .setTransactionalId(transactionalId).setTransactionTimeoutMs(TIMEOUT_MS));
        assertThat(response.error()).isEqualTo(Errors.NONE);
        return new Producer(transactionalId, response.data().producerId(), response.data().producerEpoch());
    }

    /** Per partition ({@code topic-partition}), the error of an AddPartitionsToTxn. */
    private Map<String, Errors> addPartitions(RawKafkaClient client, short version, Producer producer,
                                              Map<String, List<Integer>> partitions) throws Exception {
        AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
        partitions.forEach((topic, ids) -> topics.add(new AddPartitionsToTxnTopic().setName(topic).setPartitions(ids)));
        AddPartitionsToTxnResponse response = (AddPartitionsToTxnResponse) client.send(ApiKeys.ADD_PARTITIONS_TO_TXN,
                version, new AddPartitionsToTxnRequestData().setV3AndBelowTransactionalId(producer.transactionalId())
                        .setV3AndBelowProducerId(producer.id()).setV3AndBelowProducerEpoch(producer.epoch())
                        .setV3AndBelowTopics(topics));
        Map<String, Errors> errors = new TreeMap<>();
        for (AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult topic : response.data().resultsByTopicV3AndBelow()) {
            topic.resultsByPartition().forEach(p -> errors.put(topic.name() + "-" + p.partitionIndex(),
                    Errors.forCode(p.partitionErrorCode())));
        }
        return errors;
    }

    private AddOffsetsToTxnResponse addOffsets(RawKafkaClient client, short version, Producer producer, String group)
            throws Exception {
        return (AddOffsetsToTxnResponse) client.send(ApiKeys.ADD_OFFSETS_TO_TXN, version, new AddOffsetsToTxnRequestData()
                .setTransactionalId(producer.transactionalId()).setProducerId(producer.id())
                .setProducerEpoch(producer.epoch()).setGroupId(group));
    }

    private Errors endTxn(RawKafkaClient client, short version, Producer producer, boolean commit) throws Exception {
        return endTxnResponse(client, version, producer, commit).error();
    }

    private EndTxnResponse endTxnResponse(RawKafkaClient client, short version, Producer producer, boolean commit)
            throws Exception {
        return (EndTxnResponse) client.send(ApiKeys.END_TXN, version, new EndTxnRequestData()
                .setTransactionalId(producer.transactionalId()).setProducerId(producer.id())
                .setProducerEpoch(producer.epoch()).setCommitted(commit));
    }

    /** The per-partition errors of a TxnOffsetCommit of {@code offset} for partition t-1 (by topic id from v6). */
    private List<Errors> txnOffsetCommit(RawKafkaClient client, short version, Producer producer, String group,
                                         long offset) throws Exception {
        TxnOffsetCommitRequestTopic topic = version >= 6
                ? new TxnOffsetCommitRequestTopic().setTopicId(broker.services().topics().topic("t").orElseThrow().id())
                : new TxnOffsetCommitRequestTopic().setName("t");
        TxnOffsetCommitResponse response = (TxnOffsetCommitResponse) client.send(ApiKeys.TXN_OFFSET_COMMIT, version,
                new TxnOffsetCommitRequestData().setTransactionalId(producer.transactionalId()).setGroupId(group)
                        .setProducerId(producer.id()).setProducerEpoch(producer.epoch())
                        .setTopics(List.of(topic.setPartitions(List.of(
                                new TxnOffsetCommitRequestPartition().setPartitionIndex(1)
                                        .setCommittedOffset(offset))))));
        List<Errors> errors = new ArrayList<>();
        response.data().topics().forEach(t -> t.partitions().stream()
                .map(TxnOffsetCommitResponsePartition::errorCode).map(Errors::forCode).forEach(errors::add));
        return errors;
    }

    /** TxnOffsetCommit v6 of offset 5 for partition 1 of each topic id, with the given generation. */
    private static TxnOffsetCommitResponse txnOffsetCommitV6(RawKafkaClient client, Producer producer, String group,
                                                             int generation, List<Uuid> topicIds) throws Exception {
        return (TxnOffsetCommitResponse) client.send(ApiKeys.TXN_OFFSET_COMMIT, (short) 6,
                txnOffsetCommitRequest(producer, group, generation, topicIds.stream()
                        .map(id -> new TxnOffsetCommitRequestTopic().setTopicId(id).setPartitions(partitionOne()))
                        .toList()));
    }

    private static TxnOffsetCommitRequestData txnOffsetCommitRequest(Producer producer, String group, int generation,
                                                                     List<TxnOffsetCommitRequestTopic> topics) {
        return new TxnOffsetCommitRequestData().setTransactionalId(producer.transactionalId()).setGroupId(group)
                .setProducerId(producer.id()).setProducerEpoch(producer.epoch())
                .setGenerationIdOrMemberEpoch(generation).setTopics(topics);
    }

    private static List<TxnOffsetCommitRequestPartition> partitionOne() {
        return List.of(new TxnOffsetCommitRequestPartition().setPartitionIndex(1).setCommittedOffset(5));
    }

    /** OffsetFetch (v9) of partition t-1 of a group. */
    private OffsetFetchResponsePartitions fetchOffset(RawKafkaClient client, String group, boolean requireStable)
            throws Exception {
        OffsetFetchResponse response = (OffsetFetchResponse) client.send(ApiKeys.OFFSET_FETCH, (short) 9,
                new OffsetFetchRequestData().setRequireStable(requireStable).setGroups(List.of(
                        new OffsetFetchRequestGroup().setGroupId(group).setTopics(List.of(
                                new OffsetFetchRequestTopics().setName("t").setPartitionIndexes(List.of(1)))))));
        OffsetFetchResponsePartitions partition = response.data().groups().get(0).topics().get(0).partitions().get(0);
        return new OffsetFetchResponsePartitions().setErrorCode(partition.errorCode())
                .setCommittedOffset(partition.committedOffset());
    }

    private ListTransactionsResponse listTransactions(RawKafkaClient client, short version,
                                                      ListTransactionsRequestData request) throws Exception {
        return (ListTransactionsResponse) client.send(ApiKeys.LIST_TRANSACTIONS, version, request);
    }

    private static List<String> ids(ListTransactionsResponse response) {
        return response.data().transactionStates().stream()
                .map(ListTransactionsResponseData.TransactionState::transactionalId).toList();
    }

    private TransactionState describe(RawKafkaClient client, String transactionalId) throws Exception {
        DescribeTransactionsResponse response = (DescribeTransactionsResponse) client.send(
                ApiKeys.DESCRIBE_TRANSACTIONS, (short) 0,
                new DescribeTransactionsRequestData().setTransactionalIds(List.of(transactionalId)));
        return response.data().transactionStates().get(0);
    }
}
