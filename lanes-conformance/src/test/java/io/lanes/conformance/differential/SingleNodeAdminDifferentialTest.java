package io.lanes.conformance.differential;

import io.lanes.conformance.java.RawRequests;
import io.lanes.launch.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.ListConfigResourcesOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionReplica;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.ListConfigResourcesRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateAclsRequest;
import org.apache.kafka.common.requests.CreateAclsResponse;
import org.apache.kafka.common.requests.DescribeAclsRequest;
import org.apache.kafka.common.requests.DescribeAclsResponse;
import org.apache.kafka.common.requests.ElectLeadersRequest;
import org.apache.kafka.common.requests.ElectLeadersResponse;
import org.apache.kafka.common.requests.ListConfigResourcesRequest;
import org.apache.kafka.common.requests.ListConfigResourcesResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.consumer;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.producer;
import static io.lanes.conformance.java.Clients.topicName;
import static io.lanes.conformance.java.Clients.unwrap;

/**
 * The admin APIs a single node answers without changing anything, as a one-node Apache Kafka
 * answers them: OffsetsForLeaderEpoch, ElectLeaders, List/AlterPartitionReassignments,
 * AlterReplicaLogDirs, ListConfigResources, the ACL APIs without an authorizer, and the
 * {@code listeners} / {@code advertised.listeners} broker configs set in server.properties.
 *
 * <p>What differs by construction is normalised, never dropped: node ids read "node", the log
 * directory "log-dir", listener ports "port"; see DIFFERENCES.md for the listener values.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SingleNodeAdminDifferentialTest {

    /** Lanes listens and advertises on a fixed port, as the Apache Kafka embedding does. */
    private static final int LANES_PORT = FreePorts.pick();

    @RegisterExtension
    static BothBrokers brokers = BothBrokers.builder()
            .lanesOnlyConfig("listeners", "PLAINTEXT://127.0.0.1:" + LANES_PORT)
            .lanesOnlyConfig("advertised.listeners", "PLAINTEXT://127.0.0.1:" + LANES_PORT)
            .build();


    @Test
    void shouldAnswerAclApisWithSecurityDisabledWhenNoAuthorizerIsConfigured() throws Exception {
        // given
        AclBinding binding = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "orders", PatternType.LITERAL),
                new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW));
        Scenario<Map<String, Object>> acls = broker -> {
            Map<String, Object> steps = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                steps.put("describeAcls", Outcome.of(() -> admin.describeAcls(AclBindingFilter.ANY).values().get()));
                steps.put("createAcls", Outcome.ofAction(() -> admin.createAcls(List.of(binding)).all().get()));
                steps.put("deleteAcls", Outcome.of(() -> admin.deleteAcls(List.of(AclBindingFilter.ANY)).all().get()));
            }
            try (RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
                DescribeAclsResponse described = (DescribeAclsResponse) connection.send(new DescribeAclsRequest.Builder(
                        AclBindingFilter.ANY).build(connection.version(ApiKeys.DESCRIBE_ACLS)));
                steps.put("DescribeAcls wire", Errors.forCode(described.data().errorCode()) + " "
                        + described.data().errorMessage() + " " + described.data().resources());
                CreateAclsResponse created = (CreateAclsResponse) connection.send(new CreateAclsRequest.Builder(
                        new CreateAclsRequestData().setCreations(List.of(CreateAclsRequest.aclCreation(binding),
                                CreateAclsRequest.aclCreation(binding))))
                        .build(connection.version(ApiKeys.CREATE_ACLS)));
                steps.put("CreateAcls wire", created.results().stream()
                        .map(r -> Errors.forCode(r.errorCode()) + " " + r.errorMessage()).toList());
            }
            return steps;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(acls);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldAnswerElectLeadersTheSameWhenEveryLeaderIsPreferred() throws Exception {
        // given
        Scenario<Map<String, Object>> elections = broker -> {
            String topic = topicName("elect");
            Map<String, Object> steps = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, 2);
                TopicPartition p0 = new TopicPartition(topic, 0);
                TopicPartition p1 = new TopicPartition(topic, 1);
                TopicPartition p7 = new TopicPartition(topic, 7);
                TopicPartition missing = new TopicPartition(topicName("missing"), 0);
                for (ElectionType type : ElectionType.values()) {
                    Map<TopicPartition, Optional<Throwable>> result =
                            admin.electLeaders(type, Set.of(p0, p1, p7, missing)).partitions().get();
                    steps.put(type + " by partition", byPartition(result, topic, missing,
                            e -> e.map(t -> Outcome.error(unwrap(t)) + ": " + unwrap(t).getMessage()
                                    .replace(missing.topic(), "missing").replace(topic, "topic")).orElse("ok")));
                }
                steps.put("all partitions", Outcome.of(() -> byPartition(
                        admin.electLeaders(ElectionType.PREFERRED, null).partitions().get(), topic, missing,
                        e -> e.map(t -> Outcome.error(unwrap(t))).orElse("ok"))));
            }
            try (RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
                for (short version = ApiKeys.ELECT_LEADERS.oldestVersion();
                     version <= connection.version(ApiKeys.ELECT_LEADERS); version++) {
                    ElectLeadersResponse response = (ElectLeadersResponse) connection.send(new ElectLeadersRequest.Builder(
                            ElectionType.PREFERRED, null, 5_000).build(version));
                    steps.put("v" + version + " all partitions: errors of this topic", response.data()
                            .replicaElectionResults().stream().filter(r -> r.topic().equals(topic))
                            .map(r -> Errors.forCode(response.data().errorCode()) + " " + r.partitionResult()).toList());
                }
            }
            return steps;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(elections);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldAnswerPartitionReassignmentsTheSameWhenTheOnlyReplicaIsThisBroker() throws Exception {
        // given
        Scenario<Map<String, Object>> reassignments = broker -> {
            String topic = topicName("reassign");
            TopicPartition missing = new TopicPartition(topicName("missing"), 0);
            Map<String, Object> steps = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, 2);
                int node = admin.describeCluster().nodes().get().iterator().next().id();
                TopicPartition p0 = new TopicPartition(topic, 0);
                TopicPartition p1 = new TopicPartition(topic, 1);
                TopicPartition p5 = new TopicPartition(topic, 5);
                steps.put("list all (this topic)", admin.listPartitionReassignments().reassignments().get().keySet()
                        .stream().filter(tp -> tp.topic().equals(topic)).toList());
                steps.put("list given", Outcome.of(() -> admin.listPartitionReassignments(Set.of(p0, p5, missing))
                        .reassignments().get()));
                Map<TopicPartition, Optional<NewPartitionReassignment>> targets = new LinkedHashMap<>();
                targets.put(p0, Optional.of(new NewPartitionReassignment(List.of(node))));
                targets.put(p1, Optional.of(new NewPartitionReassignment(List.of(node, node + 100))));
                targets.put(p5, Optional.of(new NewPartitionReassignment(List.of(node))));
                targets.put(missing, Optional.of(new NewPartitionReassignment(List.of(node))));
                steps.put("alter", outcomes(admin.alterPartitionReassignments(targets).values(), topic, missing,
                        node));
                steps.put("duplicate replica", outcomes(admin.alterPartitionReassignments(Map.of(p0,
                        Optional.of(new NewPartitionReassignment(List.of(node, node))))).values(), topic, missing, node));
                steps.put("cancel", outcomes(admin.alterPartitionReassignments(Map.of(p0, Optional.empty())).values(),
                        topic, missing, node));
                steps.put("replicas after", admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                        .partitions().stream().map(p -> p.replicas().size()).toList());
            }
            return steps;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(reassignments);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldAnswerAlterReplicaLogDirsTheSameWhenThereIsOneLogDir() throws Exception {
        // given
        Scenario<Map<String, Object>> moves = broker -> {
            String topic = topicName("logdirs");
            String missingTopic = topicName("missing");
            Map<String, Object> steps = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, 2);
                int node = admin.describeCluster().nodes().get().iterator().next().id();
                String logDir = admin.describeLogDirs(List.of(node)).allDescriptions().get().get(node).keySet()
                        .iterator().next();
                Map<TopicPartitionReplica, String> targets = new LinkedHashMap<>();
                targets.put(new TopicPartitionReplica(topic, 0, node), logDir);
                targets.put(new TopicPartitionReplica(topic, 1, node), logDir + "-elsewhere");
                targets.put(new TopicPartitionReplica(topic, 9, node), logDir);
                targets.put(new TopicPartitionReplica(missingTopic, 0, node), logDir);
                targets.put(new TopicPartitionReplica(missingTopic, 1, node), "/no/such/dir");
                Map<String, Object> results = new TreeMap<>();
                admin.alterReplicaLogDirs(targets).values().forEach((replica, future) -> results.put(
                        replica.topic().replace(missingTopic, "missing").replace(topic, "topic") + "-"
                                + replica.partition(), Outcome.ofAction(future::get)));
                steps.put("alter", results);
                steps.put("partitions in the log dir after", admin.describeLogDirs(List.of(node)).allDescriptions()
                        .get().get(node).get(logDir).replicaInfos().keySet().stream()
                        .filter(tp -> tp.topic().equals(topic)).map(TopicPartition::partition).sorted().toList());
            }
            return steps;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(moves);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldAnswerOffsetsForLeaderEpochTheSameForConsumersAndDebugCallers() throws Exception {
        // given
        Scenario<Map<String, Object>> epochs = broker -> {
            String topic = topicName("epochs");
            Map<String, Object> steps = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, 1);
            }
            try (KafkaProducer<String, String> producer = producer(broker)) {
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)).get();
                }
            }
            try (RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
                short version = connection.version(ApiKeys.OFFSET_FOR_LEADER_EPOCH);
                // {current leader epoch, requested epoch, partition}
                int[][] cases = {{0, 0, 0}, {-1, 0, 0}, {-1, -1, 0}, {-1, 5, 0}, {1, 0, 0}, {-1, 0, 3}};
                for (int replicaId : new int[] {-1, -2}) {
                    for (int[] c : cases) {
                        OffsetForLeaderTopicCollection topics = new OffsetForLeaderTopicCollection();
                        OffsetForLeaderTopic wanted = new OffsetForLeaderTopic().setTopic(topic);
                        wanted.partitions().add(new OffsetForLeaderPartition().setPartition(c[2])
                                .setCurrentLeaderEpoch(c[0]).setLeaderEpoch(c[1]));
                        topics.add(wanted);
                        OffsetsForLeaderEpochRequest.Builder request = replicaId == -1
                                ? OffsetsForLeaderEpochRequest.Builder.forConsumer(topics)
                                : OffsetsForLeaderEpochRequest.Builder.forFollower(topics, replicaId);
                        OffsetsForLeaderEpochResponse response =
                                (OffsetsForLeaderEpochResponse) connection.send(request.build(version));
                        EpochEndOffset answer = response.data().topics().find(topic).partitions().get(0);
                        steps.put("replica " + replicaId + " current " + c[0] + " epoch " + c[1] + " partition " + c[2],
                                Errors.forCode(answer.errorCode()) + " epoch=" + answer.leaderEpoch() + " end="
                                        + answer.endOffset());
                    }
                }
            }
            try (KafkaConsumer<String, String> consumer = consumer(broker)) {
                // A position with a leader epoch makes the consumer validate it with OffsetsForLeaderEpoch.
                TopicPartition tp = new TopicPartition(topic, 0);
                consumer.assign(List.of(tp));
                consumer.seek(tp, new OffsetAndMetadata(1, Optional.of(0), ""));
                List<String> values = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (values.size() < 2 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.offset() + ":" + r.value()
                            + " epoch " + r.leaderEpoch().orElse(-1)));
                }
                steps.put("consumed after seek with epoch", values);
            }
            return steps;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(epochs);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldListTheSameConfigResources() throws Exception {
        // given
        Scenario<Map<String, Object>> resources = broker -> {
            String topic = topicName("listed");
            Map<String, Object> steps = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, 1);
                String node = String.valueOf(admin.describeCluster().nodes().get().iterator().next().id());
                Function<ConfigResource, String> normalised = r -> r.type() + " "
                        + (r.name().equals(node) ? "node" : r.name().equals(topic) ? "topic" : "other");
                steps.put("every type", admin.listConfigResources(Set.of(ConfigResource.Type.values()).stream()
                                .filter(t -> t != ConfigResource.Type.UNKNOWN).collect(java.util.stream.Collectors.toSet()),
                                new ListConfigResourcesOptions()).all().get().stream()
                        .map(normalised).filter(s -> !s.endsWith("other")).sorted().toList());
                steps.put("client metrics", admin.listConfigResources(Set.of(ConfigResource.Type.CLIENT_METRICS),
                        new ListConfigResourcesOptions()).all().get());
                steps.put("groups", admin.listConfigResources(Set.of(ConfigResource.Type.GROUP),
                        new ListConfigResourcesOptions()).all().get());
            }
            try (RawRequests.Connection connection = RawRequests.Connection.open(broker)) {
                for (short version = ApiKeys.LIST_CONFIG_RESOURCES.oldestVersion();
                     version <= connection.version(ApiKeys.LIST_CONFIG_RESOURCES); version++) {
                    List<Byte> unknownType = List.of(ConfigResource.Type.UNKNOWN.id());
                    ListConfigResourcesResponse response = (ListConfigResourcesResponse) connection.send(
                            new ListConfigResourcesRequest.Builder(new ListConfigResourcesRequestData()
                                    .setResourceTypes(version == 0 ? List.of(ConfigResource.Type.CLIENT_METRICS.id())
                                            : unknownType)).build(version));
                    steps.put("v" + version + (version == 0 ? " client metrics" : " unknown type"),
                            Errors.forCode(response.data().errorCode()) + " " + response.data().configResources());
                }
            }
            return steps;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(resources);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldDescribeStaticListenersWithTheSameSourceAndSynonyms() throws Exception {
        // given
        Scenario<Map<String, Object>> listeners = broker -> {
            Map<String, Object> described = new TreeMap<>();
            try (Admin admin = admin(broker)) {
                String node = String.valueOf(admin.describeCluster().nodes().get().iterator().next().id());
                ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, node);
                Config config = admin.describeConfigs(List.of(resource), new DescribeConfigsOptions()
                        .includeSynonyms(true)).all().get().get(resource);
                for (String key : List.of("listeners", "advertised.listeners")) {
                    ConfigEntry entry = config.get(key);
                    described.put(key, listenerValue(entry.value()) + " [" + entry.source() + "] synonyms "
                            + entry.synonyms().stream().map(s -> s.name() + "=" + listenerValue(s.value())
                                    + " [" + s.source() + "]").toList());
                }
            }
            return described;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(listeners);

        // then
        observed.assertLanesMatchesKafka();
    }

    /**
     * A listener list reduced to what both brokers can share: the PLAINTEXT listener (Kafka also
     * lists its CONTROLLER one), with the port as "port" and a default listener (no host in Kafka,
     * the loopback address in Lanes) as "default"; see DIFFERENCES.md.
     */
    private static String listenerValue(String value) {
        if (value == null) {
            return "null";
        }
        if (value.equals("PLAINTEXT://:9092") || value.equals("PLAINTEXT://127.0.0.1:9092")) {
            return "default";
        }
        return Arrays.stream(value.split(","))
                .filter(l -> l.startsWith("PLAINTEXT://"))
                .map(l -> l.replaceAll(":\\d+$", ":port"))
                .toList().toString();
    }

    private static Map<String, Object> byPartition(Map<TopicPartition, Optional<Throwable>> results, String topic,
                                                   TopicPartition missing,
                                                   Function<Optional<Throwable>, Object> outcome) {
        Map<String, Object> normalised = new TreeMap<>();
        results.forEach((tp, error) -> {
            if (tp.topic().equals(topic) || tp.equals(missing)) {
                normalised.put(tp.toString().replace(topic, "topic").replace(missing.topic(), "missing"),
                        outcome.apply(error));
            }
        });
        return normalised;
    }

    private static Map<String, Object> outcomes(Map<TopicPartition, org.apache.kafka.common.KafkaFuture<Void>> futures,
                                                String topic, TopicPartition missing, int node) {
        Map<String, Object> normalised = new TreeMap<>();
        futures.forEach((tp, future) -> {
            String key = tp.toString().replace(topic, "topic").replace(missing.topic(), "missing");
            try {
                future.get();
                normalised.put(key, "ok");
            } catch (ExecutionException | InterruptedException e) {
                Throwable cause = unwrap(e);
                normalised.put(key, Outcome.error(cause) + ": " + String.valueOf(cause.getMessage())
                        .replace(topic, "topic").replace(missing.topic(), "missing")
                        .replace(String.valueOf(node + 100), "other-node").replace(String.valueOf(node), "node"));
            }
        });
        return normalised;
    }
}
