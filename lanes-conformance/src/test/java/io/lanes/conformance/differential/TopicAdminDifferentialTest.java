package io.lanes.conformance.differential;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Optional;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.awaitReady;
import static io.lanes.conformance.java.Clients.createTopic;
import static io.lanes.conformance.java.Clients.eventually;
import static io.lanes.conformance.java.Clients.topicName;

/** CreateTopics, DeleteTopics, CreatePartitions, DescribeTopics and DescribeCluster. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TopicAdminDifferentialTest {

    @RegisterExtension
    static BothBrokers brokers = BothBrokers.withDefaults();

    @Test
    void shouldAcceptAndRejectTheSameTopicNamesWhenCreatingTopics() throws Exception {
        // given
        List<String> names = List.of(".", "..", "has space", "slash/name", "star*", "ünïcode", "colon:name",
                "t".repeat(250), "dots.and_underscores-and-dashes", "UPPER.lower", "-leading-dash", "_leading_underscore");
        Scenario<Map<String, Object>> createEach = broker -> {
            Map<String, Object> outcomes = new LinkedHashMap<>();
            String suffix = String.valueOf(System.nanoTime() % 100_000);
            try (Admin admin = admin(broker)) {
                for (String name : names) {
                    String actual = name.length() > 200 || name.startsWith(".") ? name : name + suffix;
                    outcomes.put(name.length() > 200 ? "250 characters" : name,
                            Outcome.ofAction(() -> createTopic(admin, actual, 1)));
                }
            }
            return outcomes;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(createEach);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldRejectTheSameWayWhenTopicNamesCollideOnPeriodAndUnderscore() throws Exception {
        // given
        Scenario<List<String>> collide = broker -> {
            String base = topicName("collide");
            try (Admin admin = admin(broker)) {
                return List.of(
                        Outcome.ofAction(() -> createTopic(admin, base + ".a", 1)),
                        Outcome.ofAction(() -> createTopic(admin, base + "_a", 1)));
            }
        };

        // when
        Observations<List<String>> observed = brokers.observe(collide);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldAnswerTheSameWhenCreatingTopicsWithUnusualPartitionsAndReplication() throws Exception {
        // given
        Map<String, NewTopicSpec> cases = new LinkedHashMap<>();
        cases.put("1 partition", new NewTopicSpec(Optional.of(1), Optional.empty(), Map.of(), false));
        cases.put("default partitions and replication", new NewTopicSpec(Optional.empty(), Optional.empty(), Map.of(), false));
        cases.put("0 partitions", new NewTopicSpec(Optional.of(0), Optional.empty(), Map.of(), false));
        cases.put("-2 partitions", new NewTopicSpec(Optional.of(-2), Optional.empty(), Map.of(), false));
        cases.put("replication 0", new NewTopicSpec(Optional.of(1), Optional.of((short) 0), Map.of(), false));
        cases.put("replication 1", new NewTopicSpec(Optional.of(1), Optional.of((short) 1), Map.of(), false));
        cases.put("replication 2", new NewTopicSpec(Optional.of(1), Optional.of((short) 2), Map.of(), false));
        cases.put("replication -2", new NewTopicSpec(Optional.of(1), Optional.of((short) -2), Map.of(), false));
        cases.put("10000 partitions, validate only", new NewTopicSpec(Optional.of(10_000), Optional.empty(), Map.of(), true));
        cases.put("10001 partitions, validate only", new NewTopicSpec(Optional.of(10_001), Optional.empty(), Map.of(), true));
        cases.put("100000 partitions", new NewTopicSpec(Optional.of(100_000), Optional.empty(), Map.of(), false));
        cases.put("3 partitions, validate only", new NewTopicSpec(Optional.of(3), Optional.empty(), Map.of(), true));
        cases.put("unknown config", new NewTopicSpec(Optional.of(1), Optional.empty(), Map.of("no.such.config", "1"), false));
        cases.put("bad cleanup.policy", new NewTopicSpec(Optional.of(1), Optional.empty(), Map.of("cleanup.policy", "shred"), false));
        cases.put("non-numeric retention.ms", new NewTopicSpec(Optional.of(1), Optional.empty(), Map.of("retention.ms", "soon"), false));
        cases.put("negative max.message.bytes", new NewTopicSpec(Optional.of(1), Optional.empty(), Map.of("max.message.bytes", "-5"), false));
        cases.put("bad config, validate only", new NewTopicSpec(Optional.of(1), Optional.empty(), Map.of("cleanup.policy", "shred"), true));
        Scenario<Map<String, Object>> createEach = broker -> {
            Map<String, Object> outcomes = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                for (Map.Entry<String, NewTopicSpec> c : cases.entrySet()) {
                    String topic = topicName("shape");
                    NewTopicSpec spec = c.getValue();
                    outcomes.put(c.getKey(), Outcome.of(() -> {
                        CreateTopicsResult result = admin.createTopics(
                                List.of(new NewTopic(topic, spec.partitions(), spec.replication()).configs(spec.configs())),
                                new CreateTopicsOptions().validateOnly(spec.validateOnly()));
                        result.all().get();
                        if (!spec.validateOnly()) {
                            awaitReady(admin, topic, result.numPartitions(topic).get());
                        }
                        boolean exists = admin.listTopics().names().get().contains(topic);
                        return "partitions=" + result.numPartitions(topic).get() + " replication="
                                + result.replicationFactor(topic).get() + " exists=" + exists;
                    }));
                }
            }
            return outcomes;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(createEach);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldAnswerTheSameWhenDeletingAndRecreatingTopics() throws Exception {
        // given
        Scenario<Map<String, Object>> lifecycle = broker -> {
            String topic = topicName("lifecycle");
            Map<String, Object> outcomes = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                outcomes.put("create", Outcome.ofAction(() -> createTopic(admin, topic, 2)));
                outcomes.put("create again", Outcome.ofAction(() -> createTopic(admin, topic, 2)));
                outcomes.put("delete", Outcome.ofAction(() -> admin.deleteTopics(List.of(topic)).all().get()));
                outcomes.put("delete again", Outcome.ofAction(() -> admin.deleteTopics(List.of(topic)).all().get()));
                outcomes.put("describe deleted", eventually(
                        () -> Outcome.ofAction(() -> admin.describeTopics(List.of(topic)).allTopicNames().get()),
                        outcome -> outcome.startsWith("error")));
                outcomes.put("recreate with 3", Outcome.ofAction(() -> createTopic(admin, topic, 3)));
                outcomes.put("partitions after recreate", Outcome.of(() ->
                        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size()));
                outcomes.put("delete never created", Outcome.ofAction(() ->
                        admin.deleteTopics(List.of(topicName("never"))).all().get()));
            }
            return outcomes;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(lifecycle);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldAnswerTheSameWhenChangingPartitionCounts() throws Exception {
        // given
        Scenario<Map<String, Object>> resize = broker -> {
            String topic = topicName("resize");
            Map<String, Object> outcomes = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, 2);
                for (int count : new int[] {2, 1, 4, 0, -1}) {
                    outcomes.put("to " + count, Outcome.ofAction(() ->
                            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(count))).all().get()));
                }
                outcomes.put("partitions now", admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                        .partitions().stream().map(TopicPartitionInfo::partition).toList());
                outcomes.put("missing topic", Outcome.ofAction(() ->
                        admin.createPartitions(Map.of(topicName("absent"), NewPartitions.increaseTo(3))).all().get()));
                outcomes.put("with replica assignment for 2 brokers", Outcome.ofAction(() -> admin.createPartitions(
                        Map.of(topic, NewPartitions.increaseTo(5, List.of(List.of(1, 2))))).all().get()));
            }
            return outcomes;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(resize);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldDescribeTopicsTheSameWay() throws Exception {
        // given
        Scenario<Map<String, Object>> describe = broker -> {
            String topic = topicName("describe");
            Map<String, Object> observation = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                createTopic(admin, topic, 3);
                Node node = admin.describeCluster().nodes().get().iterator().next();
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                observation.put("internal", description.isInternal());
                List<String> partitions = new ArrayList<>();
                for (TopicPartitionInfo p : description.partitions()) {
                    partitions.add(p.partition() + " leader is node: " + p.leader().equals(node)
                            + " replicas=" + p.replicas().size() + " isr=" + p.isr().size()
                            + " elr=" + p.elr() + " lastKnownElr=" + p.lastKnownElr());
                }
                observation.put("partitions", partitions);
                observation.put("by id", Outcome.of(() -> admin.describeTopics(
                        org.apache.kafka.common.TopicCollection.ofTopicIds(List.of(description.topicId())))
                        .allTopicIds().get().get(description.topicId()).name().equals(topic)));
                observation.put("unknown id", Outcome.ofAction(() -> admin.describeTopics(
                        org.apache.kafka.common.TopicCollection.ofTopicIds(List.of(org.apache.kafka.common.Uuid.randomUuid())))
                        .allTopicIds().get()));
                observation.put("listed", admin.listTopics().names().get().contains(topic));
                observation.put("authorized operations requested", Outcome.of(() -> admin.describeTopics(List.of(topic),
                        new org.apache.kafka.clients.admin.DescribeTopicsOptions().includeAuthorizedOperations(true))
                        .allTopicNames().get().get(topic).authorizedOperations() != null));
            }
            return observation;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(describe);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldListTheSameInternalTopicsWhenNoClientUsedGroupsOrTransactions() throws Exception {
        // given
        Scenario<List<String>> internalTopics = broker -> {
            try (Admin admin = admin(broker)) {
                return admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get().stream()
                        .filter(name -> name.startsWith("__")).sorted().toList();
            }
        };

        // when
        Observations<List<String>> observed = brokers.observe(internalTopics);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldDescribeClusterTheSameWay() throws Exception {
        // given
        Scenario<Map<String, Object>> describeCluster = broker -> {
            Map<String, Object> observation = new LinkedHashMap<>();
            try (Admin admin = admin(broker)) {
                var cluster = admin.describeCluster();
                Collection<Node> nodes = cluster.nodes().get();
                Node node = nodes.iterator().next();
                observation.put("nodes", nodes.size());
                observation.put("node address is bootstrap", (node.host() + ":" + node.port()).equals(broker.bootstrapServers()));
                observation.put("node has rack", node.hasRack());
                observation.put("controller is the node", cluster.controller().get().equals(node));
                observation.put("cluster id length", cluster.clusterId().get().length());
            }
            return observation;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(describeCluster);

        // then
        observed.assertLanesMatchesKafka();
    }

    private record NewTopicSpec(Optional<Integer> partitions, Optional<Short> replication, Map<String, String> configs,
                                boolean validateOnly) {
    }

}
