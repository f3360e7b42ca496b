package io.lanes.coordinator.group;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Utils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** A coordinator on a manual clock and an in-memory log, with shortcuts for the classic protocol. */
final class GroupFixture {
    static final int SESSION_MS = 10_000;
    static final int REBALANCE_MS = 30_000;

    final ManualScheduler scheduler = new ManualScheduler();
    final MemoryLog log;
    final GroupConfig config;
    final GroupCoordinator coordinator;
    final Map<String, Integer> topics;

    GroupFixture(GroupConfig config, MemoryLog log, Map<String, Integer> topics) {
        this.config = config;
        this.log = log;
        this.topics = topics;
        this.coordinator = new GroupCoordinator(config, log, scheduler, new TopicLookup() {
            @Override
            public int partitionCount(String topic) {
                return topics.getOrDefault(topic, -1);
            }

            @Override
            public String topicName(Uuid topicId) {
                return null;
            }

            @Override
            public Uuid topicId(String topic) {
                return Uuid.ZERO_UUID;
            }
        });
    }

    static GroupFixture started() {
        GroupFixture fixture = new GroupFixture(GroupConfig.defaults().withNumPartitions(3).withInitialRebalanceDelayMs(0),
                new MemoryLog(), Map.of("orders", 3, "audit", 1));
        fixture.coordinator.finishLoading();
        return fixture;
    }

    /** A coordinator restarted on this one's log. */
    GroupFixture restarted() {
        GroupFixture fixture = new GroupFixture(config, log, topics);
        log.replayInto(fixture.coordinator);
        return fixture;
    }

    static RequestInfo info(ApiKeys api) {
        return info(api.latestVersion());
    }

    static RequestInfo info(short version) {
        return new RequestInfo(version, "client", "/127.0.0.1");
    }

    static byte[] subscription(String... topics) {
        return Utils.toArray(ConsumerProtocol.serializeSubscription(new Subscription(List.of(topics))));
    }

    CompletableFuture<JoinGroupResponseData> join(String group, String memberId, String instanceId, String... protocols) {
        JoinGroupRequestProtocolCollection collection = new JoinGroupRequestProtocolCollection();
        for (String protocol : protocols.length == 0 ? new String[]{"range"} : protocols) {
            collection.add(new JoinGroupRequestProtocol().setName(protocol).setMetadata(subscription("orders")));
        }
        return coordinator.joinGroup(info(ApiKeys.JOIN_GROUP), new JoinGroupRequestData()
                .setGroupId(group)
                .setMemberId(memberId)
                .setGroupInstanceId(instanceId)
                .setSessionTimeoutMs(SESSION_MS)
                .setRebalanceTimeoutMs(REBALANCE_MS)
                .setProtocolType("consumer")
                .setProtocols(collection));
    }

    /** Joins a new dynamic member (MEMBER_ID_REQUIRED round trip) and returns the parked second join. */
    CompletableFuture<JoinGroupResponseData> joinNew(String group) {
        JoinGroupResponseData first = join(group, "", null).join();
        assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        CompletableFuture<JoinGroupResponseData> second = join(group, first.memberId(), null);
        scheduler.runDue();
        return second;
    }

    CompletableFuture<SyncGroupResponseData> sync(String group, String memberId, int generation,
                                                  Map<String, byte[]> assignments) {
        List<SyncGroupRequestAssignment> list = new ArrayList<>();
        assignments.forEach((m, a) -> list.add(new SyncGroupRequestAssignment().setMemberId(m).setAssignment(a)));
        return coordinator.syncGroup(info(ApiKeys.SYNC_GROUP), new SyncGroupRequestData()
                .setGroupId(group).setMemberId(memberId).setGenerationId(generation).setAssignments(list));
    }

    Errors heartbeat(String group, String memberId, String instanceId, int generation) {
        return Errors.forCode(coordinator.heartbeat(info(ApiKeys.HEARTBEAT), new HeartbeatRequestData()
                .setGroupId(group).setMemberId(memberId).setGroupInstanceId(instanceId)
                .setGenerationId(generation)).errorCode());
    }

    String state(String group) {
        return coordinator.describeGroups(info(ApiKeys.DESCRIBE_GROUPS),
                new org.apache.kafka.common.message.DescribeGroupsRequestData().setGroups(List.of(group)))
                .groups().get(0).groupState();
    }
}
