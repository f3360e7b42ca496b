package io.lanes.coordinator.group;

import io.lanes.coordinator.group.consumer.ConsumerGroupConfig;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData.TopicPartitions;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heartbeat latency of one member's steady-state KIP-848 heartbeat in a group of 1,000 members consuming a topic of
 * 1,000 partitions, on a coordinator with an in-memory log. Prints the median and the 99th percentile; it asserts
 * nothing about time (a shared machine would make that flaky). Run with
 * {@code -Dlanes.bench=true -Dtest=ConsumerGroupHeartbeatBenchmark}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "lanes.bench", matches = "true")
class ConsumerGroupHeartbeatBenchmark {
    private static final int MEMBERS = 1_000;
    private static final int PARTITIONS = 1_000;
    private static final int WARMUP = 5_000;
    private static final int MEASURED = 20_000;

    private final FakeTopics topics = new FakeTopics();
    private final GroupCoordinator coordinator = new GroupCoordinator(GroupConfig.defaults().withNumPartitions(1),
            ConsumerGroupConfig.defaults().withTimeouts(5_000, 45_000), new MemoryLog(), new ManualScheduler(), topics);

    private ConsumerGroupHeartbeatResponseData send(ConsumerGroupHeartbeatRequestData request) {
        ConsumerGroupHeartbeatResponseData response = coordinator.consumerGroupHeartbeat(
                GroupFixture.info(ApiKeys.CONSUMER_GROUP_HEARTBEAT), request).join();
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        return response;
    }

    @Test
    void shouldReportSteadyStateHeartbeatLatencyWhenGroupHasAThousandMembersAndPartitions() {
        // given: a stable group of 1,000 members on 1,000 partitions (range assignor: cheap to build)
        topics.create("bench", PARTITIONS);
        String[] ids = new String[MEMBERS];
        int[] epochs = new int[MEMBERS];
        List<List<TopicPartitions>> owned = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            ConsumerGroupHeartbeatResponseData joined = send(new ConsumerGroupHeartbeatRequestData().setGroupId("bench")
                    .setMemberEpoch(0).setRebalanceTimeoutMs(60_000).setSubscribedTopicNames(List.of("bench"))
                    .setServerAssignor("range").setTopicPartitions(List.of()));
            ids[i] = joined.memberId();
            epochs[i] = joined.memberEpoch();
            owned.add(List.of());
        }
        boolean changed = true;
        for (int round = 0; changed && round < 20; round++) {
            changed = false;
            for (int i = 0; i < MEMBERS; i++) {
                ConsumerGroupHeartbeatResponseData r = send(new ConsumerGroupHeartbeatRequestData().setGroupId("bench")
                        .setMemberId(ids[i]).setMemberEpoch(epochs[i]).setTopicPartitions(owned.get(i)));
                if (r.memberEpoch() != epochs[i] || r.assignment() != null) {
                    changed = true;
                }
                epochs[i] = r.memberEpoch();
                if (r.assignment() != null) {
                    List<TopicPartitions> now = new ArrayList<>();
                    r.assignment().topicPartitions().forEach(tp -> now.add(new TopicPartitions()
                            .setTopicId(tp.topicId()).setPartitions(new ArrayList<>(tp.partitions()))));
                    owned.set(i, now);
                }
            }
        }
        assertThat(changed).as("group stabilized").isFalse();
        int probe = MEMBERS / 2;
        ConsumerGroupHeartbeatRequestData steady = new ConsumerGroupHeartbeatRequestData().setGroupId("bench")
                .setMemberId(ids[probe]).setMemberEpoch(epochs[probe]);

        // when
        for (int i = 0; i < WARMUP; i++) {
            send(steady);
        }
        long[] nanos = new long[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            long start = System.nanoTime();
            send(steady);
            nanos[i] = System.nanoTime() - start;
        }

        // then
        Arrays.sort(nanos);
        System.out.printf("steady-state heartbeat, %d members, %d partitions: median %.1f us, p99 %.1f us%n",
                MEMBERS, PARTITIONS, nanos[MEASURED / 2] / 1000.0, nanos[MEASURED * 99 / 100] / 1000.0);
        assertThat(send(steady).memberEpoch()).isEqualTo(epochs[probe]);
    }
}
