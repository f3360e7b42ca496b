package io.lanes.broker.handlers.admin;

import io.lanes.broker.api.ServedVersions;
import io.lanes.broker.api.ApiHandler;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every version kafka-clients knows of each admin API: the request goes through the wire format
 * of that version, the handler answers, and the response is written at that version and read
 * back by kafka-clients (a field the version cannot carry would fail here).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminEveryVersionTest {
    @TempDir
    static Path dataDir;
    private AdminFixture broker;
    private ConfigUpdates updates;

    @BeforeAll
    void start() {
        broker = AdminFixture.start(dataDir);
        updates = new ConfigUpdates(broker.services);
    }

    @AfterAll
    void stop() {
        broker.close();
    }

    static Stream<Arguments> versions(ApiKeys... apis) {
        return Stream.of(apis).flatMap(api -> IntStream.rangeClosed(api.oldestVersion(), ServedVersions.latest(api))
                .mapToObj(v -> Arguments.of(api, (short) v)));
    }

    static Stream<Arguments> topicVersions() {
        return versions(ApiKeys.CREATE_TOPICS, ApiKeys.CREATE_PARTITIONS, ApiKeys.DELETE_TOPICS, ApiKeys.DELETE_RECORDS);
    }

    static Stream<Arguments> configVersions() {
        return versions(ApiKeys.DESCRIBE_CONFIGS, ApiKeys.ALTER_CONFIGS, ApiKeys.INCREMENTAL_ALTER_CONFIGS);
    }

    static Stream<Arguments> clusterVersions() {
        return versions(ApiKeys.DESCRIBE_CLUSTER, ApiKeys.DESCRIBE_LOG_DIRS);
    }

    /** Sends {@code request} at {@code version} through the wire format and back. */
    @SuppressWarnings("unchecked")
    private <Q extends ApiMessage> AbstractResponse roundTrip(ApiKeys api, short version, ApiHandler<Q> handler, Q request) {
        Q decoded = (Q) AbstractRequest.parseRequest(api, version, MessageUtil.toByteBufferAccessor(request, version))
                .request.data();
        ApiMessage response = AdminFixture.call(handler, AdminFixture.context(api, version), decoded);
        return AbstractResponse.parseResponse(api, MessageUtil.toByteBufferAccessor(response, version), version);
    }

    private static void assertNoErrors(AbstractResponse response) {
        assertThat(response.errorCounts()).allSatisfy((error, count) -> assertThat(error).isEqualTo(Errors.NONE));
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("topicVersions")
    void shouldServeTopicApisWhenCalledAtEveryVersion(ApiKeys api, short version) {
        String topic = api.name.toLowerCase() + "-v" + version;
        if (api != ApiKeys.CREATE_TOPICS) {
            broker.createTopic(topic, 1, Map.of());
        }
        AbstractResponse response = switch (api) {
            case CREATE_TOPICS -> {
                CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(1000);
                request.topics().add(new CreateTopicsRequestData.CreatableTopic().setName(topic).setNumPartitions(2)
                        .setReplicationFactor((short) 1));
                AbstractResponse r = roundTrip(api, version, new CreateTopicsHandler(broker.services), request);
                CreateTopicsResponseData data = (CreateTopicsResponseData) r.data();
                assertThat(data.topics().find(topic).numPartitions()).isEqualTo(version >= 5 ? 2 : -1);
                assertThat(data.topics().find(topic).topicId())
                        .isEqualTo(version >= 7 ? broker.topics().topic(topic).orElseThrow().id() : Uuid.ZERO_UUID);
                yield r;
            }
            case CREATE_PARTITIONS -> {
                CreatePartitionsRequestData request = new CreatePartitionsRequestData().setTimeoutMs(1000);
                request.topics().add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName(topic).setCount(3)
                        .setAssignments(null));
                AbstractResponse r = roundTrip(api, version, new CreatePartitionsHandler(broker.services), request);
                assertThat(((CreatePartitionsResponseData) r.data()).results()).hasSize(1);
                yield r;
            }
            case DELETE_TOPICS -> {
                DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTimeoutMs(1000);
                if (version >= 6) {
                    request.topics().add(new DeleteTopicsRequestData.DeleteTopicState()
                            .setTopicId(broker.topics().topic(topic).orElseThrow().id()));
                } else {
                    request.topicNames().add(topic);
                }
                AbstractResponse r = roundTrip(api, version, new DeleteTopicsHandler(broker.services), request);
                assertThat(((DeleteTopicsResponseData) r.data()).responses()).singleElement()
                        .satisfies(t -> assertThat(t.name()).isEqualTo(topic));
                yield r;
            }
            case DELETE_RECORDS -> {
                broker.append(topic, 0, 2);
                DeleteRecordsRequestData request = new DeleteRecordsRequestData().setTimeoutMs(1000);
                request.topics().add(new DeleteRecordsRequestData.DeleteRecordsTopic().setName(topic).setPartitions(
                        List.of(new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(1))));
                AbstractResponse r = roundTrip(api, version, new DeleteRecordsHandler(broker.services), request);
                assertThat(((DeleteRecordsResponseData) r.data()).topics().find(topic).partitions().find(0).lowWatermark())
                        .isEqualTo(1);
                yield r;
            }
            default -> throw new IllegalArgumentException(api.toString());
        };
        assertNoErrors(response);
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("configVersions")
    void shouldServeConfigApisWhenCalledAtEveryVersion(ApiKeys api, short version) {
        String topic = api.name.toLowerCase() + "-v" + version;
        broker.createTopic(topic, 1, Map.of());
        AbstractResponse response = switch (api) {
            case DESCRIBE_CONFIGS -> {
                DescribeConfigsRequestData request = new DescribeConfigsRequestData()
                        .setIncludeSynonyms(true)
                        .setIncludeDocumentation(version >= 3)
                        .setResources(List.of(
                                new DescribeConfigsRequestData.DescribeConfigsResource()
                                        .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(topic),
                                new DescribeConfigsRequestData.DescribeConfigsResource()
                                        .setResourceType(ConfigResource.Type.BROKER.id()).setResourceName("1")));
                AbstractResponse r = roundTrip(api, version, new DescribeConfigsHandler(broker.services), request);
                assertThat(((DescribeConfigsResponseData) r.data()).results())
                        .allSatisfy(result -> assertThat(result.configs()).isNotEmpty());
                yield r;
            }
            case ALTER_CONFIGS -> {
                AlterConfigsRequestData request = new AlterConfigsRequestData();
                AlterConfigsRequestData.AlterConfigsResource resource = new AlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(topic);
                resource.configs().add(new AlterConfigsRequestData.AlterableConfig().setName("retention.ms").setValue("1000"));
                request.resources().add(resource);
                AbstractResponse r = roundTrip(api, version, new AlterConfigsHandler(updates), request);
                assertThat(((AlterConfigsResponseData) r.data()).responses()).hasSize(1);
                yield r;
            }
            case INCREMENTAL_ALTER_CONFIGS -> {
                IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
                IncrementalAlterConfigsRequestData.AlterConfigsResource resource =
                        new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                                .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(topic);
                resource.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                        .setValue("1000").setConfigOperation((byte) 0));
                request.resources().add(resource);
                AbstractResponse r = roundTrip(api, version, new IncrementalAlterConfigsHandler(updates), request);
                assertThat(((IncrementalAlterConfigsResponseData) r.data()).responses()).hasSize(1);
                yield r;
            }
            default -> throw new IllegalArgumentException(api.toString());
        };
        assertNoErrors(response);
        if (api != ApiKeys.DESCRIBE_CONFIGS) {
            assertThat(broker.topics().topic(topic).orElseThrow().configs()).containsEntry("retention.ms", "1000");
        }
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("clusterVersions")
    void shouldServeClusterApisWhenCalledAtEveryVersion(ApiKeys api, short version) {
        AbstractResponse response = switch (api) {
            case DESCRIBE_CLUSTER -> {
                AbstractResponse r = roundTrip(api, version, new DescribeClusterHandler(broker.services),
                        new DescribeClusterRequestData());
                assertThat(((DescribeClusterResponseData) r.data()).brokers()).hasSize(1);
                yield r;
            }
            case DESCRIBE_LOG_DIRS -> {
                broker.createTopic("log-dirs-v" + version, 1, Map.of());
                AbstractResponse r = roundTrip(api, version, new DescribeLogDirsHandler(broker.services),
                        new DescribeLogDirsRequestData().setTopics(null));
                DescribeLogDirsResponseData data = (DescribeLogDirsResponseData) r.data();
                assertThat(data.results()).singleElement().satisfies(dir -> {
                    assertThat(dir.topics()).isNotEmpty();
                    assertThat(dir.totalBytes()).isEqualTo(version >= 4 ? dir.totalBytes() : -1);
                });
                yield r;
            }
            default -> throw new IllegalArgumentException(api.toString());
        };
        assertNoErrors(response);
    }
}
