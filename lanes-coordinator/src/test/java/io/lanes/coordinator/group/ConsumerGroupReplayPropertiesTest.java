package io.lanes.coordinator.group;

import io.lanes.coordinator.group.consumer.ConsumerGroup;
import io.lanes.coordinator.group.consumer.ConsumerGroupConfig;
import io.lanes.coordinator.group.timeline.RebalanceTimeline;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.coordinator.group.GroupCoordinatorRecordSerde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded property of KIP-848 consumer groups: whatever heartbeats (joins, static joins and leaves, leaves,
 * subscription changes, acknowledged or pending revocations), topic creations, session and rebalance timeouts,
 * failed appends and appends that do not become durable happen, the live state of every group equals, field by
 * field, the state a fresh shard rebuilds by replaying the records that were written; and Kafka's own serde reads
 * every record written.
 */
class ConsumerGroupReplayPropertiesTest {
    private static final int SESSION_MS = 10_000;
    private static final int REBALANCE_MS = 20_000;
    private static final List<String> GROUPS = List.of("g1", "g2");
    private static final int CLIENTS = 6;
    /** Clients 4 and 5 are static members (instance ids i4 and i5). */
    private static final int FIRST_STATIC = 4;
    private static final List<String> TOPICS = List.of("t0", "t1", "t2");

    /** One step of a scenario. */
    sealed interface Op {
    }

    /** The client (re)joins with epoch 0 and subscription {@code subscription} (see {@link #subscribe}). */
    record Join(int group, int client, int subscription) implements Op {
    }

    /** A heartbeat reporting the partitions the client owns; {@code ack}: it has given up what it must revoke. */
    record Beat(int group, int client, boolean ack) implements Op {
    }

    /** A full heartbeat with another subscription. */
    record Subscribe(int group, int client, int subscription) implements Op {
    }

    /** The client leaves (epoch -1), or a static one leaves for now (epoch -2). */
    record Leave(int group, int client, boolean staticLeave) implements Op {
    }

    record CreateTopic(int topic, int partitions) implements Op {
    }

    /** Time passes: a little, past the session timeout, or past the rebalance timeout. */
    record Advance(long ms) implements Op {
    }

    /** The next append fails (nothing appended), or is appended but fails to become durable. */
    record FailNextAppend(boolean durability) implements Op {
    }

    /** What a client knows: its member id and epoch, and what it was last told it owns (null: not a member). */
    private static final class Client {
        String memberId;
        int epoch;
        Map<Uuid, List<Integer>> assigned = new TreeMap<>();
        Map<Uuid, List<Integer>> ownedBefore = new TreeMap<>();
    }

    // a fresh world per try (jqwik reuses the instance across the tries of a property)
    private FakeTopics topics;
    private ManualScheduler scheduler;
    private MemoryLog log;
    /** 1: the next append throws; 2: the next append is not made durable. */
    private int nextFault;
    private Map<String, Client> clients;
    private final ConsumerGroupConfig consumerConfig = ConsumerGroupConfig.defaults().withTimeouts(1000, SESSION_MS);
    private final GroupConfig config = GroupConfig.defaults().withNumPartitions(1);

    @Provide
    Arbitrary<List<Op>> scenarios() {
        Arbitrary<Integer> group = Arbitraries.integers().between(0, GROUPS.size() - 1);
        Arbitrary<Integer> client = Arbitraries.integers().between(0, CLIENTS - 1);
        Arbitrary<Integer> subscription = Arbitraries.integers().between(0, 3);
        Arbitrary<Op> join = Combinators.combine(group, client, subscription).as(Join::new);
        Arbitrary<Op> beat = Combinators.combine(group, client, Arbitraries.of(true, true, true, false)).as(Beat::new);
        Arbitrary<Op> subscribe = Combinators.combine(group, client, subscription).as(Subscribe::new);
        Arbitrary<Op> leave = Combinators.combine(group, client, Arbitraries.of(true, false)).as(Leave::new);
        Arbitrary<Op> create = Combinators.combine(Arbitraries.integers().between(1, TOPICS.size() - 1),
                Arbitraries.integers().between(1, 6)).as(CreateTopic::new);
        Arbitrary<Op> advance = Arbitraries.of(500L, SESSION_MS + 1L, REBALANCE_MS + 1L).map(Advance::new);
        Arbitrary<Op> fail = Arbitraries.of(true, false).map(FailNextAppend::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, join), net.jqwik.api.Tuple.of(14, beat), net.jqwik.api.Tuple.of(2, subscribe),
                net.jqwik.api.Tuple.of(2, leave), net.jqwik.api.Tuple.of(1, create),
                net.jqwik.api.Tuple.of(2, advance), net.jqwik.api.Tuple.of(2, fail)).list().ofMinSize(5).ofMaxSize(80);
    }

    @Property(tries = 200, seed = "20261207")
    void shouldRebuildEveryGroupFieldByFieldWhenReplayingTheWrittenLog(@ForAll("scenarios") List<Op> scenario) {
        // given
        topics = new FakeTopics();
        scheduler = new ManualScheduler();
        log = new MemoryLog();
        nextFault = 0;
        log.injectFaults(() -> fault(1), () -> fault(2));
        clients = new HashMap<>();
        topics.create("t0", 4);
        GroupCoordinator.Shard live = newShard(log);
        live.state().finishLoading();

        // when
        for (Op op : scenario) {
            apply(live, op);
        }
        log.stopFaults();
        GroupCoordinator.Shard replayed = newShard(new MemoryLog());
        for (MemoryLog.Entry e : log.entries(0)) {
            replayed.state().replay(e.record().key(), e.record().value());
        }
        replayed.state().finishLoading();

        // then
        Map<String, ConsumerGroup> liveGroups = consumerGroups(live);
        Map<String, ConsumerGroup> replayedGroups = consumerGroups(replayed);
        assertThat(replayedGroups.keySet()).isEqualTo(liveGroups.keySet());
        liveGroups.forEach((id, group) -> assertThat(replayedGroups.get(id))
                .as("group %s after %s", id, scenario)
                .usingRecursiveComparison()
                .ignoringFieldsMatchingRegexes(ConsumerGroupState.TRANSIENT_FIELDS)
                .isEqualTo(group));
        GroupCoordinatorRecordSerde kafka = new GroupCoordinatorRecordSerde();
        assertThat(log.entries(0)).as("read by Kafka's own serde").extracting(MemoryLog.Entry::record).allSatisfy(r ->
                assertThat(kafka.deserialize(r.key().duplicate(), r.value() == null ? null : r.value().duplicate())
                        .key()).isNotNull());
    }

    /** Whether the injected fault of this kind is due (it then fires once). */
    private boolean fault(int kind) {
        if (nextFault == kind) {
            nextFault = 0;
            return true;
        }
        return false;
    }

    private GroupCoordinator.Shard newShard(MemoryLog target) {
        return GroupCoordinator.Shard.create(0, target, scheduler, config, consumerConfig, topics, new RebalanceTimeline());
    }

    private static Map<String, ConsumerGroup> consumerGroups(GroupCoordinator.Shard shard) {
        return shard.state().call(() -> {
            Map<String, ConsumerGroup> out = new TreeMap<>();
            for (Group g : shard.state().groups()) {
                if (g instanceof ConsumerGroup c) {
                    out.put(g.groupId(), c);
                }
            }
            return out;
        });
    }

    private void apply(GroupCoordinator.Shard shard, Op op) {
        if (op instanceof Join j) {
                Client c = client(j.group(), j.client());
                ConsumerGroupHeartbeatRequestData request = subscribe(new ConsumerGroupHeartbeatRequestData(),
                        j.subscription()).setGroupId(GROUPS.get(j.group())).setMemberEpoch(0)
                        .setMemberId(c.memberId == null || j.client() >= FIRST_STATIC ? Uuid.randomUuid().toString()
                                : c.memberId)
                        .setInstanceId(instanceId(j.client())).setRebalanceTimeoutMs(REBALANCE_MS)
                        .setTopicPartitions(List.of());
                c.ownedBefore = new TreeMap<>();
                send(shard, c, request);
        } else if (op instanceof Beat b) {
                Client c = client(b.group(), b.client());
                if (c.memberId == null) {
                    return;
                }
                Map<Uuid, List<Integer>> owned = b.ack() ? c.assigned : c.ownedBefore;
                send(shard, c, new ConsumerGroupHeartbeatRequestData().setGroupId(GROUPS.get(b.group()))
                        .setMemberId(c.memberId).setMemberEpoch(c.epoch).setInstanceId(instanceId(b.client()))
                        .setTopicPartitions(partitions(owned)));
                if (b.ack()) {
                    c.ownedBefore = c.assigned;
                }
        } else if (op instanceof Subscribe s) {
                Client c = client(s.group(), s.client());
                if (c.memberId == null) {
                    return;
                }
                send(shard, c, subscribe(new ConsumerGroupHeartbeatRequestData(), s.subscription())
                        .setGroupId(GROUPS.get(s.group())).setMemberId(c.memberId).setMemberEpoch(c.epoch)
                        .setInstanceId(instanceId(s.client())).setRebalanceTimeoutMs(REBALANCE_MS)
                        .setTopicPartitions(partitions(c.assigned)));
        } else if (op instanceof Leave l) {
                Client c = client(l.group(), l.client());
                if (c.memberId == null) {
                    return;
                }
                boolean staticLeave = l.staticLeave() && l.client() >= FIRST_STATIC;
                shard.state().call(() -> shard.consumer().heartbeat(GroupFixture.info(ApiKeys.CONSUMER_GROUP_HEARTBEAT),
                        new ConsumerGroupHeartbeatRequestData().setGroupId(GROUPS.get(l.group()))
                                .setMemberId(c.memberId).setMemberEpoch(staticLeave ? -2 : -1)
                                .setInstanceId(instanceId(l.client())))).join();
                if (!staticLeave) {
                    c.memberId = null;
                }
        } else if (op instanceof CreateTopic t) {
            topics.create(TOPICS.get(t.topic()), Math.max(t.partitions(),
                    Math.max(0, topics.partitionCount(TOPICS.get(t.topic())))));
        } else if (op instanceof Advance a) {
            scheduler.advance(a.ms());
        } else if (op instanceof FailNextAppend f) {
            nextFault = f.durability() ? 2 : 1;
        }
    }

    private void send(GroupCoordinator.Shard shard, Client c, ConsumerGroupHeartbeatRequestData request) {
        ConsumerGroupHeartbeatResponseData response = shard.state().call(() -> shard.consumer()
                .heartbeat(GroupFixture.info(ApiKeys.CONSUMER_GROUP_HEARTBEAT), request)).join();
        Errors error = Errors.forCode(response.errorCode());
        if (error == Errors.FENCED_MEMBER_EPOCH || error == Errors.UNKNOWN_MEMBER_ID
                || error == Errors.FENCED_INSTANCE_ID) {
            c.memberId = null;
            c.assigned = new TreeMap<>();
            c.ownedBefore = new TreeMap<>();
        } else if (error == Errors.NONE) {
            c.memberId = response.memberId();
            c.epoch = response.memberEpoch();
            if (response.assignment() != null) {
                Map<Uuid, List<Integer>> assigned = new TreeMap<>();
                response.assignment().topicPartitions().forEach(tp -> assigned.put(tp.topicId(), tp.partitions()));
                c.assigned = assigned;
            }
        }
    }

    private Client client(int group, int client) {
        return clients.computeIfAbsent(group + "/" + client, k -> new Client());
    }

    private static String instanceId(int client) {
        return client >= FIRST_STATIC ? "i" + client : null;
    }

    private static ConsumerGroupHeartbeatRequestData subscribe(ConsumerGroupHeartbeatRequestData request,
                                                               int subscription) {
        return switch (subscription) {
            case 0 -> request.setSubscribedTopicNames(List.of("t0"));
            case 1 -> request.setSubscribedTopicNames(List.of("t0", "t1"));
            case 2 -> request.setSubscribedTopicNames(List.of()).setSubscribedTopicRegex("t[12]");
            default -> request.setSubscribedTopicNames(List.of("t2")).setSubscribedTopicRegex("");
        };
    }

    private static List<ConsumerGroupHeartbeatRequestData.TopicPartitions> partitions(Map<Uuid, List<Integer>> owned) {
        List<ConsumerGroupHeartbeatRequestData.TopicPartitions> out = new ArrayList<>();
        owned.forEach((id, parts) -> out.add(new ConsumerGroupHeartbeatRequestData.TopicPartitions().setTopicId(id)
                .setPartitions(new ArrayList<>(parts))));
        return out;
    }

    /** Fields of a consumer group that are not state (the timeline's view of owners, caches). */
    private static final class ConsumerGroupState {
        static final String[] TRANSIENT_FIELDS = {"ownership.*", "cache.*"};
    }
}
