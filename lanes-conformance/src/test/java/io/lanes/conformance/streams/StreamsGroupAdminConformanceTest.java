package io.lanes.conformance.streams;

import io.lanes.conformance.java.Clients;
import io.lanes.conformance.java.ConformanceBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeStreamsGroupsOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupMemberDescription;
import org.apache.kafka.clients.admin.StreamsGroupTopologyDescriptionStatus;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A streams group (KIP-1071, {@code group.protocol=streams}) through Kafka's Admin client: listed with the streams
 * type, described with its topology, members, assignment and (v1) assignor and topology description status
 * ({@code describeStreamsGroups}), and deleted
 * ({@code deleteStreamsGroups}) once its application has stopped; and kept across a broker restart.
 */
class StreamsGroupAdminConformanceTest {

    @RegisterExtension
    static final ConformanceBroker broker = ConformanceBroker.builder()
            .brokerConfig("group.coordinator.rebalance.protocols", "classic,consumer,streams")
            .brokerConfig("group.streams.min.heartbeat.interval.ms", "1000")
            .brokerConfig("group.streams.heartbeat.interval.ms", "1000")
            .build();

    @TempDir
    Path stateDir;

    @Test
    void shouldListDescribeAndDeleteAStreamsGroupWhenAnApplicationRunsOnTheStreamsProtocol() throws Exception {
        // given
        String input = Clients.topicName("words");
        String output = Clients.topicName("counts");
        String applicationId = Clients.topicName("word-count");
        try (Admin admin = Clients.admin(broker)) {
            Clients.createTopic(admin, input, 3);
            Clients.createTopic(admin, output, 1);
            StreamsGroupDescription described;
            StreamsGroupDescription withTopologyDescription;
            Collection<GroupListing> listed;
            try (KafkaStreams streams = new KafkaStreams(countTopology(input, output), config(applicationId))) {
                streams.start();

                // when
                described = await(() -> admin.describeStreamsGroups(List.of(applicationId)).all().get()
                        .get(applicationId), d -> d.groupState() == GroupState.STABLE && d.members().size() == 1
                        && tasks(d.members().iterator().next()).size() == 3);
                listed = admin.listGroups(ListGroupsOptions.forStreamsGroups()).all().get();
                withTopologyDescription = admin.describeStreamsGroups(List.of(applicationId),
                        new DescribeStreamsGroupsOptions().includeTopologyDescription(true)).all().get()
                        .get(applicationId);
            }
            // the closed instance left the group, so it is empty and can be deleted
            Map<String, ?> deleted = await(() -> {
                admin.deleteStreamsGroups(List.of(applicationId)).all().get();
                return Map.of(applicationId, "deleted");
            }, m -> true);

            // then
            assertThat(listed).anySatisfy(g -> {
                assertThat(g.groupId()).isEqualTo(applicationId);
                assertThat(g.type()).contains(GroupType.STREAMS);
            });
            assertThat(described.subtopologies()).singleElement().satisfies(s -> {
                assertThat(s.sourceTopics()).containsExactly(input);
                assertThat(s.stateChangelogTopics()).containsOnlyKeys(applicationId + "-counts-changelog");
            });
            // StreamsGroupDescribe v1 (Kafka 4.4): the assignor, and no topology description stored without the
            // broker's topology description plugin
            assertThat(described.assignorName()).contains("sticky");
            assertThat(described.topologyDescriptionStatus())
                    .isEqualTo(StreamsGroupTopologyDescriptionStatus.NOT_REQUESTED);
            assertThat(withTopologyDescription.topologyDescriptionStatus())
                    .isEqualTo(StreamsGroupTopologyDescriptionStatus.NOT_STORED);
            assertThat(withTopologyDescription.topologyDescription()).isEmpty();
            StreamsGroupMemberDescription member = described.members().iterator().next();
            assertThat(tasks(member)).containsExactly("0_0", "0_1", "0_2");
            assertThat(member.memberEpoch()).isEqualTo(described.targetAssignmentEpoch());
            assertThat(member.topologyEpoch()).isEqualTo(described.topologyEpoch());
            assertThat(deleted).containsKey(applicationId);
            assertThat(admin.listGroups(ListGroupsOptions.forStreamsGroups()).all().get())
                    .noneMatch(g -> g.groupId().equals(applicationId));
            assertThat(admin.listTopics().names().get()).contains(applicationId + "-counts-changelog");
        }
    }

    /** Calls {@code probe} until it returns a result {@code done} accepts, retrying failures, for up to 60 s. */
    private static <T> T await(Clients.Probe<T> probe, java.util.function.Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                T result = probe.get();
                if (done.test(result) || System.nanoTime() > deadline) {
                    return result;
                }
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(200);
        }
    }

    @Test
    void shouldKeepTheStreamsGroupAndItsMemberWhenTheBrokerRestarts() throws Exception {
        // given
        String input = Clients.topicName("events");
        String output = Clients.topicName("event-counts");
        String applicationId = Clients.topicName("event-count");
        try (Admin admin = Clients.admin(broker)) {
            Clients.createTopic(admin, input, 2);
            Clients.createTopic(admin, output, 1);
        }
        try (KafkaStreams streams = new KafkaStreams(countTopology(input, output), config(applicationId))) {
            streams.start();
            StreamsGroupDescription before;
            try (Admin admin = Clients.admin(broker)) {
                before = await(() -> admin.describeStreamsGroups(List.of(applicationId)).all().get()
                        .get(applicationId), d -> d.groupState() == GroupState.STABLE && d.members().size() == 1
                        && tasks(d.members().iterator().next()).size() == 2);
            }

            // when
            broker.restart();

            // then the group is replayed from __consumer_offsets and the member goes on heartbeating in it
            try (Admin admin = Clients.admin(broker)) {
                StreamsGroupDescription after = await(() -> admin.describeStreamsGroups(List.of(applicationId)).all()
                        .get().get(applicationId), d -> d.groupState() == GroupState.STABLE);
                Thread.sleep(3_000);
                StreamsGroupDescription later = admin.describeStreamsGroups(List.of(applicationId)).all().get()
                        .get(applicationId);
                assertThat(after.groupEpoch()).isEqualTo(before.groupEpoch());
                assertThat(after.members()).extracting(StreamsGroupMemberDescription::memberId)
                        .containsExactlyElementsOf(before.members().stream()
                                .map(StreamsGroupMemberDescription::memberId).toList());
                assertThat(tasks(after.members().iterator().next())).containsExactly("0_0", "0_1");
                assertThat(later.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(later.members()).extracting(StreamsGroupMemberDescription::memberId)
                        .containsExactlyElementsOf(after.members().stream()
                                .map(StreamsGroupMemberDescription::memberId).toList());
            }
        }
    }

    private static org.apache.kafka.streams.Topology countTopology(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String())).groupByKey()
                .count(Materialized.as("counts")).toStream()
                .to(output, Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    private Properties config(String applicationId) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(applicationId).toString());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        return config;
    }

    private static Set<String> tasks(StreamsGroupMemberDescription member) {
        Set<String> out = new TreeSet<>();
        member.assignment().activeTasks().forEach(t -> t.partitions().forEach(p -> out.add(t.subtopologyId() + "_" + p)));
        return out;
    }

}
