package io.lanes.conformance.differential;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import io.lanes.launch.KafkaBroker;
import io.lanes.launch.KafkaNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConfigResourcesOptions;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.ALTER;
import static org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.acl.AclPermissionType.ALLOW;
import static org.apache.kafka.common.acl.AclPermissionType.DENY;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.CLUSTER;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization matrix, Lanes beside Apache Kafka configured the same way: Kafka's
 * StandardAuthorizer, super users {@code User:admin} (and the PLAINTEXT listener's anonymous principal,
 * which Kafka's own controller connection needs), PLAIN users from the JAAS config on a SASL_PLAINTEXT
 * listener. For each API family and resource type a principal (alice for topics, groups and
 * transactional ids, carol for the cluster) runs the same client call before and after the admin
 * grants the ACL it needs; every outcome (the client's exception class, or what it returned) must be
 * the same on both brokers. Then DescribeAcls with MATCH / ANY / PREFIXED filters, an invalid ACL
 * and DeleteAcls are compared. Share groups: the share consumer (ShareGroupHeartbeat, ShareFetch, ShareAcknowledge)
 * and the share group admin APIs (ShareGroupDescribe, DescribeShareGroupOffsets, AlterShareGroupOffsets,
 * DeleteShareGroupOffsets) with and without group READ / DELETE and topic READ. One broker pair serves the matrix.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class AuthorizationMatrixDifferentialTest {
    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final Map<String, String> SECURITY = Map.of(
            "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "super.users", "User:admin;User:ANONYMOUS",
            "sasl.enabled.mechanisms", "PLAIN",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config", PLAIN + " required user_admin=\"admin-secret\" "
                    + "user_alice=\"alice-secret\" user_carol=\"carol-secret\" user_dave=\"dave-secret\";");
    /** Share consumers get their assignment within a second (Kafka's lower bound must allow the interval). */
    private static final Map<String, String> SHARE_HEARTBEATS = Map.of("group.share.heartbeat.interval.ms", "500",
            "group.share.min.heartbeat.interval.ms", "500");
    private static final String ALICE = "User:alice";
    private static final String CAROL = "User:carol";
    private static final String DAVE = "User:dave";

    @TempDir
    static Path workDir;

    private static LanesBroker lanes;
    private static KafkaBroker kafka;

    @BeforeAll
    static void startBoth() throws Exception {
        Map<String, String> lanesSettings = new HashMap<>(SECURITY);
        lanesSettings.put("listeners", "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0");
        lanesSettings.put("log.dirs", workDir.resolve("lanes").toString());
        lanesSettings.put("lanes.http.port", "0");
        lanesSettings.put("group.initial.rebalance.delay.ms", "0");
        lanesSettings.putAll(SHARE_HEARTBEATS);
        lanes = LanesBroker.start(BrokerConfig.from(lanesSettings));
        Map<String, String> kafkaSettings = new HashMap<>(SECURITY);
        kafkaSettings.put("group.initial.rebalance.delay.ms", "0");
        kafkaSettings.putAll(SHARE_HEARTBEATS);
        kafka = KafkaBroker.builder(workDir.resolve("kafka"))
                .name("apache-kafka")
                .listener("SASL_PLAINTEXT", "SASL_PLAINTEXT")
                .config(kafkaSettings)
                .jvmOptions(KafkaNode.quickStartJvmOptions("768m"))
                .start();
    }

    @AfterAll
    static void stopBoth() {
        if (lanes != null) {
            lanes.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldAnswerEveryApiFamilyAsKafkaWhenThePrincipalLacksOrHoldsTheAcl() throws Exception {
        // given
        Matrix onLanes = new Matrix(lanes.bootstrapServers("SASL_PLAINTEXT"));
        Matrix onKafka = new Matrix(kafka.bootstrapServers("SASL_PLAINTEXT"));

        // when
        Map<String, String> fromLanes = onLanes.run();
        Map<String, String> fromKafka = onKafka.run();

        // then
        assertThat(fromLanes).containsExactlyEntriesOf(fromKafka);
        assertThat(fromLanes).containsEntry("without: produce p-topic", "TopicAuthorizationException")
                .containsEntry("with: produce p-topic", "ok")
                .containsEntry("without: commit offsets of g-group", "GroupAuthorizationException")
                .containsEntry("without: init transactions tx-1", "TransactionalIdAuthorizationException")
                .containsEntry("without: describe broker configs", "ClusterAuthorizationException")
                .containsEntry("without: idempotent produce dave-topic", "ClusterAuthorizationException")
                .containsEntry("with: idempotent produce dave-topic", "ok")
                .containsEntry("with: produce to missing auto-a", "TopicAuthorizationException")
                .containsEntry("with: produce to missing auto-b", "ok")
                .containsEntry("with: describe m-topic with operations", "[READ, DESCRIBE]")
                .containsEntry("with: delete offsets of od-group for f-topic", "ok")
                .containsEntry("with: delete offsets of od-group for od-topic", "TopicAuthorizationException")
                .containsEntry("without: describe streams group desc-streams", "GroupAuthorizationException")
                .containsEntry("with: alice lists config resources", "ClusterAuthorizationException")
                .containsEntry("without: share consume sh-topic as sh-group", "TopicAuthorizationException")
                .containsEntry("with: share consume sh-topic as sh-group", "2")
                .containsEntry("with: alter share group offsets sho-group on sh-topic2", "TopicAuthorizationException");
        assertThat(fromLanes).hasSizeGreaterThan(60);
    }

    /** The matrix against one broker: setup as admin, each case as alice or carol, before and after the grants. */
    private static final class Matrix {
        private final String bootstrap;
        private final Map<String, String> outcomes = new LinkedHashMap<>();

        Matrix(String bootstrap) {
            this.bootstrap = bootstrap;
        }

        Map<String, String> run() throws Exception {
            try (Admin admin = admin("admin")) {
                setUp(admin);
                admin.createAcls(BASE).all().get();
                awaitAcls(admin, BASE.size());
                cases("without");
                List<AclBinding> grants = grants();
                admin.createAcls(grants).all().get();
                awaitAcls(admin, BASE.size() + grants.size());
                cases("with");
                aclApis(admin);
            }
            return outcomes;
        }

        private void setUp(Admin admin) throws Exception {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : List.of("m-topic", "pre-x", "deny-topic", "d-topic", "p-topic", "f-topic", "l-topic",
                    "g-topic", "g-topic2", "dave-topic", "cfg-topic", "dr-topic", "cp-topic", "hidden-topic", "od-topic",
                    "sh-topic", "sh-topic2")) {
                topics.add(new NewTopic(name, 1, (short) 1));
            }
            admin.createTopics(topics).all().get();
            try (KafkaProducer<String, String> producer = producer("admin", Map.of())) {
                for (String topic : List.of("f-topic", "dr-topic", "l-topic", "sh-topic", "sh-topic2")) {
                    producer.send(new ProducerRecord<>(topic, "k", "v")).get();
                    producer.send(new ProducerRecord<>(topic, "k", "v")).get();
                }
            }
            for (String group : List.of("lg-group", "dg-group", "g2-group", "desc-group")) {
                admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition("f-topic", 0),
                        new OffsetAndMetadata(1))).all().get();
            }
            admin.alterConsumerGroupOffsets("od-group", Map.of(new TopicPartition("f-topic", 0),
                    new OffsetAndMetadata(1), new TopicPartition("od-topic", 0), new OffsetAndMetadata(0))).all().get();
            for (String group : List.of("sh-group", "sho-group")) {
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group),
                        List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
                                AlterConfigOp.OpType.SET)))).all().get();
            }
            if (shareConsume("admin", "sho-group", "sh-topic") != 2) {
                throw new AssertionError("the admin's share consumer did not read sh-topic");
            }
            try (KafkaProducer<String, String> producer = producer("admin",
                    Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-admin"))) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("f-topic", "k", "v"));
                producer.commitTransaction();
            }
        }

        /**
         * Granted before both phases: alice may see g-topic and g-topic2, so a consumer's metadata
         * does not race its group coordinator lookup when she commits offsets there.
         */
        private static final List<AclBinding> BASE = List.of(
                acl(TOPIC, "g-topic", LITERAL, ALICE, DESCRIBE, ALLOW),
                acl(TOPIC, "g-topic2", LITERAL, ALICE, DESCRIBE, ALLOW),
                acl(TOPIC, "dave-topic", LITERAL, DAVE, DESCRIBE, ALLOW));

        /** What alice and carol need for each case below; nothing else is granted. */
        private static List<AclBinding> grants() {
            return List.of(
                    acl(TOPIC, "m-topic", LITERAL, ALICE, READ, ALLOW),
                    acl(TOPIC, "pre-", PREFIXED, ALICE, DESCRIBE, ALLOW),
                    acl(TOPIC, "deny-topic", LITERAL, ALICE, ALL, ALLOW),
                    acl(TOPIC, "deny-topic", LITERAL, ALICE, DESCRIBE, DENY),
                    acl(TOPIC, "c-topic", LITERAL, ALICE, CREATE, ALLOW),
                    acl(TOPIC, "d-topic", LITERAL, ALICE, DELETE, ALLOW),
                    acl(TOPIC, "p-topic", LITERAL, ALICE, WRITE, ALLOW),
                    acl(TOPIC, "f-topic", LITERAL, ALICE, READ, ALLOW),
                    acl(TOPIC, "l-topic", LITERAL, ALICE, DESCRIBE, ALLOW),
                    acl(TOPIC, "g-topic", LITERAL, ALICE, READ, ALLOW),
                    acl(GROUP, "g-group", LITERAL, ALICE, READ, ALLOW),
                    acl(GROUP, "g2-group", LITERAL, ALICE, DESCRIBE, ALLOW),
                    acl(GROUP, "lg-group", LITERAL, ALICE, DESCRIBE, ALLOW),
                    acl(GROUP, "dg-group", LITERAL, ALICE, DELETE, ALLOW),
                    acl(GROUP, "od-group", LITERAL, ALICE, DELETE, ALLOW),
                    acl(GROUP, "desc-", PREFIXED, ALICE, DESCRIBE, ALLOW),
                    acl(TRANSACTIONAL_ID, "tx-1", LITERAL, ALICE, WRITE, ALLOW),
                    acl(TRANSACTIONAL_ID, "tx-admin", LITERAL, ALICE, DESCRIBE, ALLOW),
                    acl(TOPIC, "cfg-topic", LITERAL, ALICE, ALTER_CONFIGS, ALLOW),
                    acl(TOPIC, "dr-topic", LITERAL, ALICE, DELETE, ALLOW),
                    acl(TOPIC, "cp-topic", LITERAL, ALICE, ALTER, ALLOW),
                    acl(TOPIC, "auto-a", LITERAL, ALICE, WRITE, ALLOW),
                    acl(TOPIC, "auto-b", LITERAL, ALICE, WRITE, ALLOW),
                    acl(TOPIC, "auto-b", LITERAL, ALICE, CREATE, ALLOW),
                    acl(TOPIC, "dave-topic", LITERAL, DAVE, WRITE, ALLOW),
                    acl(GROUP, "sh-group", LITERAL, ALICE, READ, ALLOW),
                    acl(TOPIC, "sh-topic", LITERAL, ALICE, READ, ALLOW),
                    acl(GROUP, "sho-group", LITERAL, ALICE, READ, ALLOW),
                    acl(GROUP, "sho-group", LITERAL, ALICE, DELETE, ALLOW),
                    acl(CLUSTER, "kafka-cluster", LITERAL, CAROL, DESCRIBE, ALLOW),
                    acl(CLUSTER, "kafka-cluster", LITERAL, CAROL, DESCRIBE_CONFIGS, ALLOW));
        }

        private void cases(String phase) throws Exception {
            try (Admin alice = admin("alice"); Admin carol = admin("carol")) {
                // topics: metadata, authorized operations, prefixed and deny ACLs
                record(phase, "describe m-topic with operations", () -> new TreeSet<>(alice.describeTopics(
                        List.of("m-topic"), new DescribeTopicsOptions().includeAuthorizedOperations(true))
                        .allTopicNames().get().get("m-topic").authorizedOperations()).toString());
                record(phase, "describe pre-x", () -> alice.describeTopics(List.of("pre-x")).allTopicNames().get()
                        .get("pre-x").partitions().size());
                record(phase, "describe deny-topic", () -> alice.describeTopics(List.of("deny-topic"))
                        .allTopicNames().get().size());
                record(phase, "list topics", () -> new TreeSet<>(alice.listTopics().names().get()).toString());
                record(phase, "describe hidden-topic", () -> alice.describeTopics(List.of("hidden-topic"))
                        .allTopicNames().get().size());
                record(phase, "describe missing topic", () -> alice.describeTopics(List.of("no-such-topic"))
                        .allTopicNames().get().size());
                // topics: create, delete, partitions, configs, records
                record(phase, "create c-topic", () -> {
                    alice.createTopics(List.of(new NewTopic("c-topic", 1, (short) 1))).all().get();
                    return "ok";
                });
                record(phase, "delete d-topic", () -> {
                    alice.deleteTopics(List.of("d-topic")).all().get();
                    return "ok";
                });
                record(phase, "create partitions cp-topic", () -> {
                    alice.createPartitions(Map.of("cp-topic", NewPartitions.increaseTo(2))).all().get();
                    return "ok";
                });
                ConfigResource cfgTopic = new ConfigResource(ConfigResource.Type.TOPIC, "cfg-topic");
                record(phase, "describe configs cfg-topic", () -> alice.describeConfigs(List.of(cfgTopic)).all().get()
                        .get(cfgTopic).get("cleanup.policy").value());
                record(phase, "alter configs cfg-topic", () -> {
                    alice.incrementalAlterConfigs(Map.of(cfgTopic, List.of(new AlterConfigOp(
                            new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET)))).all().get();
                    return "ok";
                });
                record(phase, "delete records dr-topic", () -> alice.deleteRecords(Map.of(
                        new TopicPartition("dr-topic", 0), RecordsToDelete.beforeOffset(1))).lowWatermarks()
                        .get(new TopicPartition("dr-topic", 0)).get().lowWatermark());
                record(phase, "list offsets l-topic", () -> alice.listOffsets(Map.of(new TopicPartition("l-topic", 0),
                        OffsetSpec.latest())).all().get().get(new TopicPartition("l-topic", 0)).offset());
                // produce and fetch
                record(phase, "produce p-topic", () -> {
                    try (KafkaProducer<String, String> producer = producer("alice",
                            Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false", ProducerConfig.ACKS_CONFIG, "1"))) {
                        producer.send(new ProducerRecord<>("p-topic", "k", "v")).get();
                    }
                    return "ok";
                });
                record(phase, "fetch f-topic", () -> {
                    try (KafkaConsumer<String, String> consumer = consumer("alice", null)) {
                        consumer.assign(List.of(new TopicPartition("f-topic", 0)));
                        consumer.seekToBeginning(List.of(new TopicPartition("f-topic", 0)));
                        int records = 0;
                        long deadline = System.currentTimeMillis() + 10_000;
                        while (records < 2 && System.currentTimeMillis() < deadline) {
                            records += consumer.poll(Duration.ofMillis(200)).count();
                        }
                        return records;
                    }
                });
                for (String topic : List.of("auto-a", "auto-b")) {
                    record(phase, "produce to missing " + topic, () -> {
                        try (KafkaProducer<String, String> producer = producer("alice", Map.of(
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false", ProducerConfig.ACKS_CONFIG, "1"))) {
                            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
                        }
                        return "ok";
                    });
                }
                record(phase, "idempotent produce dave-topic", () -> {
                    try (KafkaProducer<String, String> producer = producer("dave", Map.of())) {
                        producer.send(new ProducerRecord<>("dave-topic", "k", "v")).get();
                    }
                    return "ok";
                });
                record(phase, "describe producers f-topic", () -> alice.describeProducers(List.of(
                        new TopicPartition("f-topic", 0))).all().get().get(new TopicPartition("f-topic", 0))
                        .activeProducers().size());
                // groups
                record(phase, "commit offsets of g-group", () -> {
                    try (KafkaConsumer<String, String> consumer = consumer("alice", "g-group")) {
                        consumer.assign(List.of(new TopicPartition("g-topic", 0)));
                        consumer.commitSync(Map.of(new TopicPartition("g-topic", 0), new OffsetAndMetadata(0)));
                    }
                    return "ok";
                });
                record(phase, "commit offsets of g-group to g-topic2", () -> {
                    try (KafkaConsumer<String, String> consumer = consumer("alice", "g-group")) {
                        consumer.assign(List.of(new TopicPartition("g-topic2", 0)));
                        consumer.commitSync(Map.of(new TopicPartition("g-topic2", 0), new OffsetAndMetadata(0)));
                    }
                    return "ok";
                });
                record(phase, "fetch offsets of g2-group", () -> alice.listConsumerGroupOffsets("g2-group")
                        .partitionsToOffsetAndMetadata().get().keySet().toString());
                record(phase, "describe desc-group", () -> {
                    var described = alice.describeConsumerGroups(List.of("desc-group"),
                            new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true))
                            .all().get().get("desc-group");
                    return described.groupState() + " " + new TreeSet<>(described.authorizedOperations());
                });
                record(phase, "list groups", () -> alice.listGroups().all().get().stream()
                        .map(g -> g.groupId()).collect(Collectors.toCollection(TreeSet::new)).toString());
                for (String topic : List.of("f-topic", "od-topic")) {
                    TopicPartition partition = new TopicPartition(topic, 0);
                    record(phase, "delete offsets of od-group for " + topic, () -> {
                        alice.deleteConsumerGroupOffsets("od-group", Set.of(new TopicPartition("f-topic", 0),
                                new TopicPartition("od-topic", 0))).partitionResult(partition).get();
                        return "ok";
                    });
                }
                record(phase, "describe streams group desc-streams", () -> alice.describeStreamsGroups(
                        List.of("desc-streams")).all().get().get("desc-streams").groupState());
                record(phase, "delete dg-group", () -> {
                    alice.deleteConsumerGroups(List.of("dg-group")).all().get();
                    return "ok";
                });
                // share groups: ShareGroupHeartbeat / ShareFetch / ShareAcknowledge through the share consumer
                // (group READ, topic READ), then the share group admin APIs on the group the admin consumed with
                record(phase, "share consume sh-topic as sh-group", () -> shareConsume("alice", "sh-group", "sh-topic"));
                record(phase, "share consume sh-topic2 as sh-group",
                        () -> shareConsume("alice", "sh-group", "sh-topic2"));
                record(phase, "describe share group sho-group", () -> alice.describeShareGroups(List.of("sho-group"))
                        .all().get().get("sho-group").groupState());
                record(phase, "list share group offsets sho-group", () -> alice.listShareGroupOffsets(
                        Map.of("sho-group", new ListShareGroupOffsetsSpec())).all().get().get("sho-group")
                        .keySet().toString());
                record(phase, "alter share group offsets sho-group", () -> {
                    alice.alterShareGroupOffsets("sho-group", Map.of(new TopicPartition("sh-topic", 0), 0L))
                            .all().get();
                    return "ok";
                });
                record(phase, "alter share group offsets sho-group on sh-topic2", () -> {
                    alice.alterShareGroupOffsets("sho-group", Map.of(new TopicPartition("sh-topic2", 0), 0L))
                            .all().get();
                    return "ok";
                });
                record(phase, "delete share group offsets sho-group on sh-topic2", () -> {
                    alice.deleteShareGroupOffsets("sho-group", Set.of("sh-topic2")).all().get();
                    return "ok";
                });
                record(phase, "delete share group offsets sho-group", () -> {
                    alice.deleteShareGroupOffsets("sho-group", Set.of("sh-topic")).all().get();
                    return "ok";
                });
                // transactions
                record(phase, "list transactions", () -> alice.listTransactions().all().get().stream()
                        .map(TransactionListing::transactionalId).collect(Collectors.toCollection(TreeSet::new))
                        .toString());
                record(phase, "describe transaction tx-admin", () -> alice.describeTransactions(List.of("tx-admin"))
                        .all().get().get("tx-admin").state());
                record(phase, "init transactions tx-1", () -> {
                    try (KafkaProducer<String, String> producer = producer("alice",
                            Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-1"))) {
                        producer.initTransactions();
                        producer.beginTransaction();
                        producer.send(new ProducerRecord<>("p-topic", "k", "v"));
                        producer.commitTransaction();
                    }
                    return "ok";
                });
                // cluster
                ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
                record(phase, "describe broker configs", () -> carol.describeConfigs(List.of(broker)).all().get()
                        .get(broker).get("num.partitions").value());
                record(phase, "describe cluster operations", () -> {
                    Set<AclOperation> operations = carol.describeCluster(new DescribeClusterOptions()
                            .includeAuthorizedOperations(true)).authorizedOperations().get();
                    return operations == null ? "none" : new TreeSet<>(operations).toString();
                });
                record(phase, "list groups with cluster describe", () -> carol.listGroups().all().get().stream()
                        .map(g -> g.groupId()).collect(Collectors.toCollection(TreeSet::new)).toString());
                record(phase, "describe acls", () -> carol.describeAcls(AclBindingFilter.ANY).values().get().size());
                record(phase, "create acls", () -> {
                    carol.createAcls(List.of(acl(TOPIC, "x", LITERAL, CAROL, READ, ALLOW))).all().get();
                    return "ok";
                });
                record(phase, "describe client quotas", () -> carol.describeClientQuotas(
                        org.apache.kafka.common.quota.ClientQuotaFilter.all()).entities().get().size());
                record(phase, "alter client quotas", () -> {
                    carol.alterClientQuotas(List.of(new org.apache.kafka.common.quota.ClientQuotaAlteration(
                            new org.apache.kafka.common.quota.ClientQuotaEntity(Map.of("client-id", "c1")),
                            List.of(new org.apache.kafka.common.quota.ClientQuotaAlteration.Op(
                                    "producer_byte_rate", 1024.0))))).all().get();
                    return "ok";
                });
                for (String principal : List.of("alice", "carol")) {
                    Admin client = principal.equals("alice") ? alice : carol;
                    record(phase, principal + " lists config resources", () -> client
                            .listConfigResources(Set.of(ConfigResource.Type.GROUP), new ListConfigResourcesOptions())
                            .all().get().stream().map(ConfigResource::name).sorted().toList().toString());
                }
                record(phase, "describe scram users", () -> carol.describeUserScramCredentials().all().get().size());
                record(phase, "alice describes acls", () -> alice.describeAcls(AclBindingFilter.ANY).values().get()
                        .size());
            }
        }

        /** DescribeAcls with MATCH, ANY and PREFIXED filters, an invalid ACL and DeleteAcls, as the super user. */
        private void aclApis(Admin admin) throws Exception {
            record("acls", "describe any", () -> sorted(admin.describeAcls(AclBindingFilter.ANY).values().get()));
            record("acls", "describe match pre-x", () -> sorted(admin.describeAcls(new AclBindingFilter(
                    new ResourcePatternFilter(TOPIC, "pre-x", PatternType.MATCH), AccessControlEntryFilter.ANY))
                    .values().get()));
            record("acls", "describe prefixed", () -> sorted(admin.describeAcls(new AclBindingFilter(
                    new ResourcePatternFilter(ResourceType.ANY, null, PREFIXED), AccessControlEntryFilter.ANY))
                    .values().get()));
            record("acls", "describe carol", () -> sorted(admin.describeAcls(new AclBindingFilter(
                    ResourcePatternFilter.ANY, new AccessControlEntryFilter(CAROL, null, AclOperation.ANY,
                    AclPermissionType.ANY))).values().get()));
            record("acls", "create cluster acl with a wrong name", () -> {
                admin.createAcls(List.of(acl(CLUSTER, "other", LITERAL, ALICE, ALTER, ALLOW))).all().get();
                return "ok";
            });
            record("acls", "create duplicate", () -> {
                admin.createAcls(List.of(acl(TOPIC, "m-topic", LITERAL, ALICE, READ, ALLOW))).all().get();
                return sorted(admin.describeAcls(new AclBindingFilter(new ResourcePatternFilter(TOPIC, "m-topic",
                        LITERAL), AccessControlEntryFilter.ANY)).values().get());
            });
            record("acls", "delete alice groups", () -> sorted(admin.deleteAcls(List.of(new AclBindingFilter(
                    new ResourcePatternFilter(GROUP, null, PatternType.ANY), new AccessControlEntryFilter(ALICE,
                    null, AclOperation.ANY, AclPermissionType.ANY)))).all().get()));
            record("acls", "after delete", () -> admin.describeAcls(AclBindingFilter.ANY).values().get().size());
        }

        private void record(String phase, String name, Callable<Object> call) {
            String outcome;
            try {
                outcome = String.valueOf(call.call());
            } catch (Exception e) {
                outcome = failure(e);
            }
            outcomes.put(phase + ": " + name, outcome);
        }

        /** The most specific Kafka error class in the cause chain. */
        private static String failure(Throwable e) {
            Throwable found = e;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ApiException) {
                    return t.getClass().getSimpleName();
                }
                found = t;
            }
            return found.getClass().getSimpleName();
        }

        private static String sorted(Collection<AclBinding> bindings) {
            return bindings.stream().map(AclBinding::toString).sorted().toList().toString();
        }

        private static void awaitAcls(Admin admin, int count) throws Exception {
            long deadline = System.currentTimeMillis() + 15_000;
            while (admin.describeAcls(AclBindingFilter.ANY).values().get().size() < count
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            // Kafka's broker applies the ACLs from its metadata log, which describeAcls already reflects
            Thread.sleep(200);
        }

        private Map<String, Object> client(String user) {
            Map<String, Object> config = new HashMap<>();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            config.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
            config.put(SaslConfigs.SASL_JAAS_CONFIG, PLAIN + " required username=\"" + user + "\" password=\""
                    + user + "-secret\";");
            return config;
        }

        private Admin admin(String user) {
            Map<String, Object> config = client(user);
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
            return Admin.create(config);
        }

        private KafkaProducer<String, String> producer(String user, Map<String, String> extra) {
            Map<String, Object> config = client(user);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15000);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
            config.putAll(extra);
            return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        }

        /** Records a share consumer of {@code user} in {@code group} reads from {@code topic} within 10 s (at most 2). */
        private int shareConsume(String user, String group, String topic) {
            Map<String, Object> config = client(user);
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
            try (KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(config,
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(topic));
                int records = 0;
                long deadline = System.currentTimeMillis() + 10_000;
                while (records < 2 && System.currentTimeMillis() < deadline) {
                    records += consumer.poll(Duration.ofMillis(200)).count();
                }
                consumer.commitSync();
                return records;
            }
        }

        private KafkaConsumer<String, String> consumer(String user, String group) {
            Map<String, Object> config = client(user);
            if (group != null) {
                config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            }
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
            return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        }
    }

    static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal,
                          AclOperation operation, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, permission));
    }
}
