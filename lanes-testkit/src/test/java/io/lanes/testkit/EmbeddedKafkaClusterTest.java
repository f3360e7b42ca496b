package io.lanes.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaClusterTest {

    @RegisterExtension
    static KafkaClusterExtension extension = KafkaClusterExtension.shared();

    @Test
    void shouldReportThreeBrokersAndQuorumWhenStarted(EmbeddedKafkaCluster cluster) throws Exception {
        // given
        try (Admin admin = admin(cluster)) {

            // when
            DescribeClusterResult description = admin.describeCluster();
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get();

            // then
            assertThat(description.nodes().get()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(description.controller().get()).isNotNull();
            assertThat(description.clusterId().get()).isEqualTo(cluster.clusterId());
            assertThat(quorum.voters()).extracting(QuorumInfo.ReplicaState::replicaId).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(quorum.leaderId()).isIn(1, 2, 3);
        }
        assertThat(cluster.bootstrapServers().split(",")).containsExactly(
                "127.0.0.1:" + cluster.port(1), "127.0.0.1:" + cluster.port(2), "127.0.0.1:" + cluster.port(3));
    }

    @Test
    void shouldReplicateOnEveryNodeWhenTopicCreatedWithDefaults(EmbeddedKafkaCluster cluster) throws Exception {
        // given
        String topic = "replicated-" + UUID.randomUUID();

        // when
        TopicDescription description;
        Config config;
        try (Admin admin = admin(cluster)) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 3))).all().get();
            description = describeOnceEveryNodeKnowsIt(admin, topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        }

        // then
        assertThat(description.partitions()).hasSize(6).allSatisfy(partition -> {
            assertThat(partition.replicas()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(partition.isr()).hasSize(3);
            assertThat(partition.leader()).isNotNull();
        });
        assertThat(description.partitions().stream().map(p -> p.leader().id()).collect(Collectors.toSet()))
                .as("leaders are spread over the nodes").hasSize(3);
        assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
    }

    @Test
    void shouldKeepTopicWritableWhenOneNodeIsStopped(EmbeddedKafkaCluster cluster) throws Exception {
        // given
        String topic = "failover-" + UUID.randomUUID();
        try (Admin admin = admin(cluster)) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 3))).all().get();
        }

        // when
        cluster.stopNode(2);
        List<RecordMetadata> written = produceToEveryPartition(cluster, topic, 6);

        // then
        assertThat(cluster.isRunning(2)).isFalse();
        assertThat(written).extracting(RecordMetadata::partition).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        try (Admin admin = admin(cluster)) {
            List<TopicPartitionInfo> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions();
            assertThat(partitions).allSatisfy(partition -> {
                assertThat(partition.leader().id()).isNotEqualTo(2);
                assertThat(partition.isr()).extracting(Node::id).doesNotContain(2).hasSize(2);
            });
        }
    }

    @Test
    void shouldMoveLeadershipsAndStayWritableWhenOneNodeIsKilled(EmbeddedKafkaCluster cluster) throws Exception {
        // given
        String topic = "crash-" + UUID.randomUUID();
        try (Admin admin = admin(cluster)) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 3))).all().get();
        }
        long pid = cluster.pid(3);

        // when
        cluster.killNode(3);
        List<RecordMetadata> written = produceToEveryPartition(cluster, topic, 6);

        // then
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(written).extracting(RecordMetadata::partition).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        try (Admin admin = admin(cluster)) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions())
                    .allSatisfy(partition -> assertThat(partition.leader().id()).isNotEqualTo(3));
        }
    }

    @Test
    void shouldServeAllBrokersAgainWhenStoppedNodeIsStarted(EmbeddedKafkaCluster cluster) throws Exception {
        // given
        int port = cluster.port(1);
        cluster.stopNode(1);

        // when
        cluster.startNode(1);

        // then
        assertThat(cluster.port(1)).isEqualTo(port);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(1)))) {
            assertThat(admin.describeCluster().nodes().get()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
        }
    }

    @Test
    void shouldKillNodesAndDeleteDirectoryWhenClosed() throws Exception {
        // given
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().maxHeap("256m").start();
        Path directory = cluster.directory();
        Set<ProcessHandle> children = cluster.nodeIds().stream()
                .map(id -> ProcessHandle.of(cluster.pid(id)).orElseThrow())
                .collect(Collectors.toSet());
        assertThat(Files.exists(directory.resolve("node-2").resolve("kafka.out"))).isTrue();

        // when
        cluster.close();

        // then
        assertThat(children).hasSize(3).noneMatch(ProcessHandle::isAlive);
        assertThat(Files.exists(directory)).isFalse();
    }

    private static List<RecordMetadata> produceToEveryPartition(EmbeddedKafkaCluster cluster, String topic, int partitions)
            throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int partition = 0; partition < partitions; partition++) {
                sent.add(producer.send(new ProducerRecord<>(topic, partition, "k" + partition, "v" + partition)));
            }
            List<RecordMetadata> written = new ArrayList<>();
            for (Future<RecordMetadata> future : sent) {
                written.add(future.get());
            }
            return written;
        }
    }

    private static Admin admin(EmbeddedKafkaCluster cluster) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    /**
     * The topic's description, asked again while the answering node has not yet applied the
     * topic's creation: CreateTopics returns once the controller committed it, and a broker that
     * lags a few milliseconds answers UNKNOWN_TOPIC_OR_PARTITION, which Admin does not retry.
     */
    private static TopicDescription describeOnceEveryNodeKnowsIt(Admin admin, String topic) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
