package io.lanes.broker.handlers.admin;

import io.lanes.broker.api.ServedVersions;
import io.lanes.broker.api.ApiHandler;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterReplicaLogDirsRequestData;
import org.apache.kafka.common.message.AlterReplicaLogDirsResponseData;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ListConfigResourcesRequestData;
import org.apache.kafka.common.message.ListConfigResourcesResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
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
 * Every version kafka-clients knows of the admin APIs a single node answers without changing
 * anything (leader elections, reassignments, log dir moves, config resource listing, ACLs without
 * an authorizer): the request goes through the wire format of that version, the handler answers,
 * and kafka-clients reads the response back at that version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SingleNodeAdminEveryVersionTest {
    @TempDir
    static Path dataDir;
    private AdminFixture broker;

    @BeforeAll
    void start() {
        broker = AdminFixture.start(dataDir);
        broker.createTopic("t", 2, Map.of());
    }

    @AfterAll
    void stop() {
        broker.close();
    }

    static Stream<Arguments> versions() {
        return Stream.of(ApiKeys.ELECT_LEADERS, ApiKeys.LIST_PARTITION_REASSIGNMENTS,
                        ApiKeys.ALTER_PARTITION_REASSIGNMENTS, ApiKeys.ALTER_REPLICA_LOG_DIRS,
                        ApiKeys.LIST_CONFIG_RESOURCES, ApiKeys.DESCRIBE_ACLS, ApiKeys.CREATE_ACLS, ApiKeys.DELETE_ACLS)
                .flatMap(api -> IntStream.rangeClosed(api.oldestVersion(), ServedVersions.latest(api))
                        .mapToObj(v -> Arguments.of(api, (short) v)));
    }

    @SuppressWarnings("unchecked")
    private <Q extends ApiMessage> ApiMessage roundTrip(ApiKeys api, short version, ApiHandler<Q> handler, Q request) {
        Q decoded = (Q) AbstractRequest.parseRequest(api, version, MessageUtil.toByteBufferAccessor(request, version))
                .request.data();
        ApiMessage response = AdminFixture.call(handler, AdminFixture.context(api, version), decoded);
        return AbstractResponse.parseResponse(api, MessageUtil.toByteBufferAccessor(response, version), version).data();
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("versions")
    void shouldAnswerAsKafkaWhenCalledAtEveryVersion(ApiKeys api, short version) {
        switch (api) {
            case ELECT_LEADERS -> {
                // given
                ElectLeadersRequestData request = new ElectLeadersRequestData().setTimeoutMs(1000);
                request.topicPartitions().add(new ElectLeadersRequestData.TopicPartitions().setTopic("t")
                        .setPartitions(List.of(0, 1)));
                // when
                ElectLeadersResponseData response = (ElectLeadersResponseData) roundTrip(api, version,
                        new ElectLeadersHandler(broker.services), request);
                // then
                assertThat(response.replicaElectionResults()).singleElement().satisfies(t ->
                        assertThat(t.partitionResult()).extracting(p -> Errors.forCode(p.errorCode()))
                                .containsExactly(Errors.ELECTION_NOT_NEEDED, Errors.ELECTION_NOT_NEEDED));
            }
            case LIST_PARTITION_REASSIGNMENTS -> {
                ListPartitionReassignmentsResponseData response = (ListPartitionReassignmentsResponseData) roundTrip(
                        api, version, new ListPartitionReassignmentsHandler(),
                        new ListPartitionReassignmentsRequestData().setTopics(null));
                assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
                assertThat(response.topics()).isEmpty();
            }
            case ALTER_PARTITION_REASSIGNMENTS -> {
                AlterPartitionReassignmentsRequestData request = new AlterPartitionReassignmentsRequestData();
                request.topics().add(new AlterPartitionReassignmentsRequestData.ReassignableTopic().setName("t")
                        .setPartitions(List.of(new AlterPartitionReassignmentsRequestData.ReassignablePartition()
                                .setPartitionIndex(0).setReplicas(List.of(AdminFixture.NODE_ID)))));
                AlterPartitionReassignmentsResponseData response = (AlterPartitionReassignmentsResponseData) roundTrip(
                        api, version, new AlterPartitionReassignmentsHandler(broker.services), request);
                assertThat(response.responses()).singleElement().satisfies(t -> assertThat(t.partitions())
                        .extracting(p -> Errors.forCode(p.errorCode())).containsExactly(Errors.NONE));
            }
            case ALTER_REPLICA_LOG_DIRS -> {
                AlterReplicaLogDirsRequestData request = new AlterReplicaLogDirsRequestData();
                AlterReplicaLogDirsRequestData.AlterReplicaLogDir dir = new AlterReplicaLogDirsRequestData.AlterReplicaLogDir()
                        .setPath(dataDir.toAbsolutePath().toString());
                dir.topics().add(new AlterReplicaLogDirsRequestData.AlterReplicaLogDirTopic().setName("t")
                        .setPartitions(List.of(1)));
                request.dirs().add(dir);
                AlterReplicaLogDirsResponseData response = (AlterReplicaLogDirsResponseData) roundTrip(api, version,
                        new AlterReplicaLogDirsHandler(broker.services), request);
                assertThat(response.results()).singleElement().satisfies(t -> assertThat(t.partitions())
                        .extracting(p -> Errors.forCode(p.errorCode())).containsExactly(Errors.NONE));
            }
            case LIST_CONFIG_RESOURCES -> {
                ListConfigResourcesResponseData response = (ListConfigResourcesResponseData) roundTrip(api, version,
                        new ListConfigResourcesHandler(broker.services), new ListConfigResourcesRequestData());
                assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
                assertThat(response.configResources()).extracting(r -> r.resourceName())
                        .isEqualTo(version == 0 ? List.of() : List.of("1", "1", "t"));
            }
            case DESCRIBE_ACLS -> {
                DescribeAclsResponseData response = (DescribeAclsResponseData) roundTrip(api, version,
                        new DescribeAclsHandler(io.lanes.broker.security.acl.AclAuthorizer.DISABLED), new DescribeAclsRequestData()
                                .setResourceTypeFilter(ResourceType.ANY.code())
                                .setPatternTypeFilter(PatternType.ANY.code())
                                .setOperation(AclOperation.ANY.code())
                                .setPermissionType(AclPermissionType.ANY.code()));
                assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.SECURITY_DISABLED);
                assertThat(response.errorMessage()).isEqualTo("No Authorizer is configured on the broker");
                assertThat(response.resources()).isEmpty();
            }
            case CREATE_ACLS -> {
                CreateAclsRequestData request = new CreateAclsRequestData();
                request.creations().add(new CreateAclsRequestData.AclCreation()
                        .setResourceType(ResourceType.TOPIC.code()).setResourceName("t")
                        .setResourcePatternType(PatternType.LITERAL.code()).setPrincipal("User:alice").setHost("*")
                        .setOperation(AclOperation.READ.code()).setPermissionType(AclPermissionType.ALLOW.code()));
                CreateAclsResponseData response = (CreateAclsResponseData) roundTrip(api, version,
                        new CreateAclsHandler(io.lanes.broker.security.acl.AclAuthorizer.DISABLED), request);
                assertThat(response.results()).singleElement().satisfies(r -> {
                    assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.SECURITY_DISABLED);
                    assertThat(r.errorMessage()).isEqualTo("No Authorizer is configured.");
                });
            }
            case DELETE_ACLS -> {
                DeleteAclsRequestData request = new DeleteAclsRequestData();
                request.filters().add(new DeleteAclsRequestData.DeleteAclsFilter()
                        .setResourceTypeFilter(ResourceType.ANY.code()).setPatternTypeFilter(PatternType.ANY.code())
                        .setOperation(AclOperation.ANY.code()).setPermissionType(AclPermissionType.ANY.code()));
                DeleteAclsResponseData response = (DeleteAclsResponseData) roundTrip(api, version,
                        new DeleteAclsHandler(io.lanes.broker.security.acl.AclAuthorizer.DISABLED), request);
                assertThat(response.filterResults()).singleElement().satisfies(r -> {
                    assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.SECURITY_DISABLED);
                    assertThat(r.errorMessage()).isEqualTo("No Authorizer is configured.");
                    assertThat(r.matchingAcls()).isEmpty();
                });
            }
            default -> throw new IllegalArgumentException(api.toString());
        }
    }
}
