package io.lanes.broker.handlers.group;

import io.lanes.broker.api.RequestContext;
import io.lanes.broker.security.acl.AclAuthorizer;
import io.lanes.broker.security.acl.AclStore;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.message.StreamsGroupDescribeRequestData;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData.Subtopology;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData.TopicInfo;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData.Topology;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** StreamsGroupDescribe's authorization, as Kafka 4.4's: the group, then every topic its topology uses. */
class GroupAuthorizationTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldHideAStreamsGroupWhoseTopologyUsesATopicThePrincipalMayNotDescribe() {
        // given: alice may describe both groups and the topics of "open", not the changelog of "closed"
        AclStore store = AclStore.load(dataDir);
        store.add(List.of(allow(GROUP, "open"), allow(GROUP, "closed"), allow(TOPIC, "in"), allow(TOPIC, "out")));
        GroupAuthorization auth = new GroupAuthorization(AclAuthorizer.of(store, Set.of(), false), null);
        StreamsGroupDescribeRequestData request = new StreamsGroupDescribeRequestData()
                .setGroupIds(List.of("open", "closed", "secret"));

        // when
        StreamsGroupDescribeResponseData response = auth.streamsDescribe(context("alice"), request,
                asked -> new StreamsGroupDescribeResponseData().setGroups(asked.groupIds().stream()
                        .map(id -> described(id, id.equals("closed") ? "closed-store-changelog" : "out"))
                        .collect(Collectors.toList())));

        // then
        assertThat(response.groups()).extracting(DescribedGroup::groupId, DescribedGroup::errorCode)
                .containsExactly(
                        tuple("open", Errors.NONE.code()),
                        tuple("closed", Errors.TOPIC_AUTHORIZATION_FAILED.code()),
                        tuple("secret", Errors.GROUP_AUTHORIZATION_FAILED.code()));
        assertThat(response.groups().get(0).topology()).isNotNull();
        assertThat(response.groups().get(1).topology()).isNull();
        assertThat(response.groups().get(1).members()).isEmpty();
    }

    private static DescribedGroup described(String groupId, String changelog) {
        return new DescribedGroup().setGroupId(groupId).setGroupState("Stable")
                .setTopology(new Topology().setEpoch(1).setSubtopologies(List.of(new Subtopology()
                        .setSubtopologyId("0")
                        .setSourceTopics(List.of("in"))
                        .setStateChangelogTopics(List.of(new TopicInfo().setName(changelog))))));
    }

    private static AclBinding allow(org.apache.kafka.common.resource.ResourceType type, String name) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:alice", "*", DESCRIBE, ALLOW));
    }

    private static RequestContext context(String user) {
        ApiKeys api = ApiKeys.STREAMS_GROUP_DESCRIBE;
        return new RequestContext(new RequestHeader(api, api.latestVersion(), "client", 1),
                new InetSocketAddress("127.0.0.1", 50000), null, RequestContext.UNKNOWN, RequestContext.UNKNOWN, null,
                new KafkaPrincipal(KafkaPrincipal.USER_TYPE, user));
    }
}
