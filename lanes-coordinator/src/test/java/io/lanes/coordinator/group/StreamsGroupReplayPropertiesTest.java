package io.lanes.coordinator.group;

import io.lanes.coordinator.group.consumer.ConsumerGroupConfig;
import io.lanes.coordinator.group.streams.StreamsGroupConfig;
import io.lanes.coordinator.group.timeline.RebalanceTimeline;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.message.StreamsGroupDescribeResponseData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatRequestData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.coordinator.group.GroupCoordinatorRecordSerde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams groups (KIP-1071) under random joins, heartbeats that do or do not confirm the assignment, leaves (also
 * static ones), rejoins, silences long enough for session timeouts and internal topics appearing late: at every
 * point no active task runs on two members, replaying the written log rebuilds every group exactly as the live one
 * describes it, Kafka's serde reads every record, and once the members keep confirming (and those that are gone have
 * timed out), every task runs exactly once and the group is Stable. The coordinator has Kafka's initial rebalance
 * delay (3 s), so groups that start or start again also wait for their first assignment.
 */
class StreamsGroupReplayPropertiesTest {
    private static final int CLIENTS = 4;
    private static final String GROUP = StreamsGroupFixture.APP;
    private static final Set<String> ALL_TASKS = Set.of("0_0", "0_1", "0_2", "0_3", "1_0", "1_1", "1_2", "1_3");

    sealed interface Op permits Join, Beat, Leave, Silence, CreateTopics {
    }

    record Join(int client) implements Op {
    }

    record Beat(int client, boolean confirm) implements Op {
    }

    record Leave(int client) implements Op {
    }

    record Silence(int ms) implements Op {
    }

    record CreateTopics() implements Op {
    }

    /** What a Streams client knows: its member id, epoch and the tasks it runs. */
    private static final class Client {
        final String memberId;
        final String instanceId;
        int epoch = -1;
        Map<String, List<Integer>> running = new TreeMap<>();
        Map<String, List<Integer>> assigned = new TreeMap<>();

        Client(int index) {
            memberId = "member-" + index;
            instanceId = index % 2 == 0 ? "instance-" + index : null;
        }
    }

    private final ManualScheduler scheduler = new ManualScheduler();
    private FakeTopics topics;
    private Map<Integer, Client> clients;

    @Provide
    Arbitrary<List<Op>> scenarios() {
        Arbitrary<Integer> client = Arbitraries.integers().between(0, CLIENTS - 1);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, client.map(Join::new)),
                net.jqwik.api.Tuple.of(8, Combinators.combine(client, Arbitraries.of(true, false)).as(Beat::new)),
                net.jqwik.api.Tuple.of(1, client.map(Leave::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1_000, 50_000).map(Silence::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new CreateTopics())));
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 150, seed = "20261207")
    void shouldRebuildEveryStreamsGroupAndRunEachTaskOnceWhenReplayingAfterAnyHeartbeats(
            @ForAll("scenarios") List<Op> scenario) {
        // given
        topics = new FakeTopics();
        topics.create(StreamsGroupFixture.SOURCE, 4);
        clients = new HashMap<>();
        MemoryLog log = new MemoryLog();
        GroupCoordinator.Shard live = newShard(log, false);
        live.state().finishLoading();

        // when
        for (Op op : scenario) {
            apply(live, op);
            assertNoTaskRunsTwice(describe(live), scenario);
        }
        StreamsGroupDescribeResponseData.DescribedGroup before = describe(live);
        GroupCoordinator.Shard replayed = newShard(new MemoryLog(), false);
        for (MemoryLog.Entry e : log.entries(0)) {
            replayed.state().replay(e.record().key(), e.record().value());
        }
        replayed.state().finishLoading();

        // then
        assertThat(describe(replayed)).as("replayed after %s", scenario).isEqualTo(before);
        GroupCoordinatorRecordSerde kafka = new GroupCoordinatorRecordSerde();
        assertThat(log.entries(0)).extracting(MemoryLog.Entry::record).allSatisfy(r ->
                assertThat(kafka.deserialize(r.key().duplicate(), r.value() == null ? null : r.value().duplicate())
                        .key()).isNotNull());

        // when every client that is in the group keeps confirming its assignment, every 10 s: members that left
        // statically (epoch -2) or fell silent time out meanwhile
        apply(live, new CreateTopics());
        boolean anyMember = clients.values().stream().anyMatch(c -> c.epoch >= 0);
        for (int round = 0; round < 9; round++) {
            scheduler.advance(10_000);
            for (int i = 0; i < CLIENTS; i++) {
                if (clients.containsKey(i) && clients.get(i).epoch >= 0) {
                    apply(live, new Beat(i, true));
                }
            }
        }

        // then
        StreamsGroupDescribeResponseData.DescribedGroup settled = describe(live);
        assertNoTaskRunsTwice(settled, scenario);
        if (anyMember && !settled.members().isEmpty()) {
            assertThat(settled.groupState()).as("after %s", scenario).isEqualTo("Stable");
            Set<String> running = new TreeSet<>();
            settled.members().forEach(m -> running.addAll(ids(m.assignment().activeTasks())));
            assertThat(running).as("after %s", scenario).isEqualTo(ALL_TASKS);
        }
    }

    private GroupCoordinator.Shard newShard(MemoryLog target, boolean unused) {
        return GroupCoordinator.Shard.create(0, target, scheduler, GroupConfig.defaults().withNumPartitions(1),
                ConsumerGroupConfig.defaults(), StreamsGroupConfig.defaults(), topics,
                (name, partitions, configs) -> topics.create(name, partitions), new RebalanceTimeline());
    }

    private void apply(GroupCoordinator.Shard shard, Op op) {
        if (op instanceof Join j) {
            join(shard, clients.computeIfAbsent(j.client(), Client::new), j.client());
        } else if (op instanceof Beat b) {
            Client c = clients.get(b.client());
            if (c == null || c.epoch < 0) {
                return;
            }
            if (c.epoch == 0) {
                // still at epoch 0 (its first assignment was delayed): a heartbeat at epoch 0 is a join
                join(shard, c, b.client());
                return;
            }
            StreamsGroupHeartbeatRequestData request = new StreamsGroupHeartbeatRequestData().setGroupId(GROUP)
                    .setMemberId(c.memberId).setMemberEpoch(c.epoch);
            if (b.confirm()) {
                c.running = c.assigned;
                request.setActiveTasks(StreamsGroupFixture.taskIds(c.running)).setStandbyTasks(List.of())
                        .setWarmupTasks(List.of());
            }
            send(shard, c, request);
        } else if (op instanceof Leave l) {
            Client c = clients.get(l.client());
            if (c == null || c.epoch < 0) {
                return;
            }
            send(shard, c, new StreamsGroupHeartbeatRequestData().setGroupId(GROUP).setMemberId(c.memberId)
                    .setInstanceId(c.instanceId).setMemberEpoch(c.instanceId == null ? -1 : -2));
            c.epoch = -1;
            c.running = new TreeMap<>();
        } else if (op instanceof Silence s) {
            scheduler.advance(s.ms());
        } else if (op instanceof CreateTopics) {
            topics.create(StreamsGroupFixture.CHANGELOG, 4);
            topics.create(StreamsGroupFixture.REPARTITION, 4);
        }
    }

    private void join(GroupCoordinator.Shard shard, Client c, int index) {
        c.running = new TreeMap<>();
        send(shard, c, new StreamsGroupHeartbeatRequestData().setGroupId(GROUP).setMemberId(c.memberId)
                .setMemberEpoch(0).setInstanceId(c.instanceId).setRebalanceTimeoutMs(30_000)
                .setTopology(StreamsGroupFixture.topology(0)).setProcessId("process-" + index)
                .setActiveTasks(List.of()).setStandbyTasks(List.of()).setWarmupTasks(List.of()));
    }

    /** Sends a heartbeat as the client; a fenced or unknown client drops its tasks and must join again. */
    private void send(GroupCoordinator.Shard shard, Client c, StreamsGroupHeartbeatRequestData request) {
        StreamsGroupHeartbeatResponseData response = shard.state().call(() -> shard.streams().heartbeat(
                new RequestInfo(ApiKeys.STREAMS_GROUP_HEARTBEAT.latestVersion(true), "client", "/127.0.0.1"),
                request)).join();
        Errors error = Errors.forCode(response.errorCode());
        if (error == Errors.NONE) {
            if (request.memberEpoch() >= 0) {
                c.epoch = response.memberEpoch();
                if (response.activeTasks() != null) {
                    // null: unchanged since the last heartbeat
                    c.assigned = StreamsGroupFixture.active(response);
                }
            }
        } else if (error == Errors.FENCED_MEMBER_EPOCH || error == Errors.UNKNOWN_MEMBER_ID) {
            c.epoch = -1;
            c.running = new TreeMap<>();
        } else if (error != Errors.UNRELEASED_INSTANCE_ID) {
            throw new AssertionError("unexpected " + error + ": " + response.errorMessage());
        }
    }

    private static StreamsGroupDescribeResponseData.DescribedGroup describe(GroupCoordinator.Shard shard) {
        return shard.state().call(() -> shard.streams().describe(GROUP, false));
    }

    private static void assertNoTaskRunsTwice(StreamsGroupDescribeResponseData.DescribedGroup group, List<Op> scenario) {
        Set<String> seen = new TreeSet<>();
        for (StreamsGroupDescribeResponseData.Member m : group.members()) {
            for (String task : ids(m.assignment().activeTasks())) {
                assertThat(seen.add(task)).as("task %s on two members after %s", task, scenario).isTrue();
            }
        }
    }

    private static Set<String> ids(List<StreamsGroupDescribeResponseData.TaskIds> tasks) {
        Set<String> out = new TreeSet<>();
        tasks.forEach(t -> t.partitions().forEach(p -> out.add(t.subtopologyId() + "_" + p)));
        return out;
    }
}
