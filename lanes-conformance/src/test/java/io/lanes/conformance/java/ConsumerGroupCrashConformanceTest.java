package io.lanes.conformance.java;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.topicName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member that crashes (SIGKILL, so no LeaveGroup) stays in its group until its session times
 * out; then a survivor takes over its partitions and continues from the offsets it committed.
 * Both group protocols: the session timeout is the client's for classic groups and the broker's
 * {@code group.consumer.session.timeout.ms} for consumer groups, 6 s on either broker here.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConsumerGroupCrashConformanceTest {

    private static final int PARTITIONS = 3;
    private static final int PER_PARTITION = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static ConformanceBroker broker = GroupTesting.broker();

    @TempDir
    Path workDir;

    private Process victim;
    private GroupMember survivor;

    @AfterEach
    void stopMembers() {
        if (victim != null) {
            victim.destroyForcibly();
        }
        if (survivor != null) {
            survivor.close();
        }
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @EnumSource(GroupProtocol.class)
    void shouldGiveCrashedMembersPartitionsToSurvivorFromCommittedOffsetsWhenSessionTimesOut(GroupProtocol protocol)
            throws Exception {
        // given: the victim alone consumes and commits the first records, then the survivor joins
        String topic = topicName("crash");
        String group = topicName("crash-group");
        List<TopicPartition> partitions = GroupTesting.partitions(topic, PARTITIONS);
        Path victimLog = workDir.resolve("victim.log");
        try (Admin admin = admin(broker)) {
            createTopic(admin, topic, PARTITIONS);
            victim = GroupMemberProcess.start(broker.bootstrapServers(), group, topic, protocol, victimLog);
            GroupTesting.produceKeyed(broker, topic, PARTITIONS, PER_PARTITION, "before");
            awaitCommitted(admin, group, partitions, victimLog);

            // latest: should the survivor not find the victim's commits, it would skip the records
            // produced after the crash rather than start where the victim stopped
            survivor = GroupMember.subscribe("survivor", broker, protocol, group, topic, new PartitionOwners(), false,
                    Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
            GroupMember.pollAll(List.of(survivor), () -> sharedWithVictim(admin, group), TIMEOUT,
                    "the survivor to share the partitions with the victim");
        }
        Set<TopicPartition> victimsPartitions = new HashSet<>(partitions);
        victimsPartitions.removeAll(survivor.owned());

        // when
        long killedAt = System.nanoTime();
        victim.destroyForcibly().waitFor();
        GroupTesting.produceKeyed(broker, topic, PARTITIONS, PER_PARTITION, "after");
        GroupMember.pollAll(List.of(survivor), () -> survivor.owned().size() == PARTITIONS, TIMEOUT,
                "the survivor to take over every partition");
        long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        GroupMember.pollAll(List.of(survivor), () -> fromPartitions(survivor, victimsPartitions).size()
                >= PER_PARTITION * victimsPartitions.size(), TIMEOUT, "the records after the crash");

        // then
        assertThat(takeoverMillis).as("ms from the crash until the survivor took over; the victim did not leave, "
                + "so its session had to expire first").isGreaterThanOrEqualTo(GroupTesting.SESSION_TIMEOUT.toMillis() / 2);
        for (TopicPartition partition : victimsPartitions) {
            assertThat(fromPartitions(survivor, Set.of(partition))).as("offsets read from %s", partition)
                    .extracting(ConsumerRecord::offset)
                    .containsExactlyElementsOf(LongStream.range(PER_PARTITION, 2L * PER_PARTITION).boxed().toList());
        }
        assertThat(survivor.lost()).as("partitions the survivor lost").isEmpty();
    }

    private static void awaitCommitted(Admin admin, String group, List<TopicPartition> partitions, Path victimLog)
            throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!committedEverywhere(admin, group, partitions)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The victim did not commit " + PER_PARTITION + " on every partition; its output:\n"
                        + Files.readString(victimLog, StandardCharsets.UTF_8));
            }
            Thread.sleep(100);
        }
    }

    private static boolean committedEverywhere(Admin admin, String group, List<TopicPartition> partitions)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return partitions.stream().allMatch(p -> committed.get(p) != null && committed.get(p).offset() == PER_PARTITION);
    }

    /** Stable with the victim and the survivor, each holding at least one partition. */
    private boolean sharedWithVictim(Admin admin, String group) {
        try {
            return GroupTesting.stableWith(2).test(GroupTesting.describe(admin, group))
                    && !survivor.owned().isEmpty() && survivor.owned().size() < PARTITIONS;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<ConsumerRecord<String, String>> fromPartitions(GroupMember member, Set<TopicPartition> partitions) {
        return member.received().stream()
                .filter(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())))
                .toList();
    }
}
