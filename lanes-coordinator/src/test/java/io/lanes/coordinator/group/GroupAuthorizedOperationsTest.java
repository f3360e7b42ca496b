package io.lanes.coordinator.group;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The authorized operations DescribeGroups and ConsumerGroupDescribe report without an authorizer. */
class GroupAuthorizedOperationsTest {

    /** Kafka 4.1's supported operations of the GROUP resource. */
    private static final Set<AclOperation> GROUP_OPERATIONS = Set.of(AclOperation.READ, AclOperation.DESCRIBE,
            AclOperation.DELETE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);

    private final GroupFixture f = GroupFixture.started();

    @Test
    void shouldReportEveryGroupOperationWhenDescribeGroupsAsksForAuthorizedOperations() {
        // given
        CompletableFuture<JoinGroupResponseData> join = f.joinNew("g");
        f.scheduler.runDue();
        JoinGroupResponseData joined = join.join();
        f.sync("g", joined.memberId(), joined.generationId(), Map.of(joined.memberId(), new byte[]{1})).join();

        // when
        DescribedGroup asked = describe("g", true);
        DescribedGroup notAsked = describe("g", false);

        // then
        assertThat(operations(asked.authorizedOperations())).isEqualTo(GROUP_OPERATIONS);
        assertThat(notAsked.authorizedOperations()).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void shouldReportNoOperationsWhenDescribedGroupIsUnknown() {
        // when
        DescribedGroup unknown = describe("missing", true);
        int consumerUnknown = f.coordinator.consumerGroupDescribe(GroupFixture.info(ApiKeys.CONSUMER_GROUP_DESCRIBE),
                new ConsumerGroupDescribeRequestData().setGroupIds(List.of("missing")).setIncludeAuthorizedOperations(true))
                .groups().get(0).authorizedOperations();

        // then: like Kafka, only groups described without an error carry them
        assertThat(unknown.errorCode()).isNotZero();
        assertThat(unknown.authorizedOperations()).isEqualTo(Integer.MIN_VALUE);
        assertThat(consumerUnknown).isEqualTo(Integer.MIN_VALUE);
    }

    private DescribedGroup describe(String group, boolean includeAuthorizedOperations) {
        return f.coordinator.describeGroups(GroupFixture.info(ApiKeys.DESCRIBE_GROUPS), new DescribeGroupsRequestData()
                .setGroups(List.of(group)).setIncludeAuthorizedOperations(includeAuthorizedOperations)).groups().get(0);
    }

    private static Set<AclOperation> operations(int bits) {
        return Utils.from32BitField(bits).stream().map(AclOperation::fromCode).collect(Collectors.toSet());
    }
}
