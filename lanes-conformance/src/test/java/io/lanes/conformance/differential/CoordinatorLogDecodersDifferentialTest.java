package io.lanes.conformance.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lanes.conformance.harness.BrokerProcess;
import io.lanes.conformance.harness.CoordinatorLogs;
import io.lanes.conformance.harness.CoordinatorLogs.Decoded;
import io.lanes.conformance.harness.KafkaTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same client activity on Apache Kafka and on Lanes, then Kafka's own decoders
 * ({@code kafka-dump-log.sh --offsets-decoder} / {@code --transaction-log-decoder}) over each broker's
 * {@code __consumer_offsets} and {@code __transaction_state}: they must print the same record types, versions and
 * fields. Compared: the latest record of every key (what a compacted reader such as Burrow ends up with), every
 * offset commit, every classic group record (members with their subscriptions and assignments), every KIP-848
 * consumer group record in log order, and the states a transactional id went through. Run-specific values are normalised: timestamps,
 * producer and member ids; Kafka's topic id tag on offset commits is dropped (clients send topic ids with
 * OffsetCommit v10, which Lanes does not offer). Both run with {@code transaction.version} 2, Kafka's default.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CoordinatorLogDecodersDifferentialTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TIMESTAMPS = List.of("commitTimestamp", "expireTimestamp", "currentStateTimestamp",
            "transactionLastUpdateTimestampMs", "transactionStartTimestampMs", "assignmentTimestamp");

    @TempDir
    static Path workDir;

    /** What each broker's decoders printed: the activity runs once per broker for all the tests. */
    private static Seen kafka;
    private static Seen lanes;

    @BeforeAll
    static void runTheActivityOnBothBrokers() throws Exception {
        kafka = runOn(BrokerProcess.Kind.APACHE_KAFKA);
        lanes = runOn(BrokerProcess.Kind.LANES);
    }

    /** What the decoders printed for one broker, normalised. */
    private record Seen(Map<String, String> latestOffsetsTopic, TreeSet<String> offsetCommits,
                        List<String> classicGroupRecords, List<String> consumerGroupRecords,
                        Map<String, String> latestTransactions, List<String> transactionStates) {
    }

    private static Seen runOn(BrokerProcess.Kind kind) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(kind, workDir.resolve(kind.name()), Map.of())) {
            return runOn(kind, broker);
        }
    }

    private static Seen runOn(BrokerProcess.Kind kind, BrokerProcess broker) throws Exception {
        CoordinatorLogs.runActivity(broker.bootstrapServers());
        broker.stop();
        KafkaTools tools = new KafkaTools(workDir.resolve("tools-" + kind.name()));
        List<Decoded> offsets = CoordinatorLogs.dump(tools, broker.logDir(), "__consumer_offsets",
                "--offsets-decoder").records();
        List<Decoded> txns = CoordinatorLogs.dump(tools, broker.logDir(), "__transaction_state",
                "--transaction-log-decoder").records();
        Map<String, String> latestOffsets = new TreeMap<>();
        TreeSet<String> commits = new TreeSet<>();
        List<String> groups = new ArrayList<>();
        List<String> consumerGroups = new ArrayList<>();
        for (Decoded d : offsets) {
            String key = normalise(d.key());
            String payload = normalise(d.payload());
            latestOffsets.put(key, payload);
            if (d.key().startsWith("{\"type\":\"1\"")) {
                commits.add(key + " " + payload);
            } else if (d.key().startsWith("{\"type\":\"2\"")) {
                groups.add(payload);
            } else {
                consumerGroups.add(key + " " + payload);
            }
        }
        Map<String, String> latestTxns = new TreeMap<>();
        List<String> states = new ArrayList<>();
        for (Decoded d : txns) {
            String payload = normalise(d.payload());
            latestTxns.put(d.key(), payload);
            // Kafka 4.1's decoder printed the status id, 4.4's (Java DumpLogSegments) prints its name
            String state = d.payload().replaceAll(".*\"transactionStatus\":\"?(\\w+)\"?.*", "$1");
            if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
                states.add(state);
            }
        }
        return new Seen(latestOffsets, commits, groups, consumerGroups, latestTxns, states);
    }

    private static String normalise(String payload) throws Exception {
        if (payload.equals("<DELETE>")) {
            return payload;
        }
        JsonNode node = JSON.readTree(payload);
        normalise(node);
        return node.toString();
    }

    private static void normalise(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("topicId");
            for (String field : TIMESTAMPS) {
                if (object.has(field) && object.get(field).asLong() > 0) {
                    object.put(field, "<timestamp>");
                }
            }
            for (String field : List.of("producerId", "previousProducerId", "nextProducerId", "memberId", "leader",
                    "metadataHash")) {
                if (object.has(field) && !object.get(field).isNull()) {
                    object.put(field, "<" + field + ">");
                }
            }
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            normalise(children.next());
        }
    }

    @Test
    void shouldWriteTheSameClassicGroupRecordsWhenAGroupIsCreatedJoinedAndLeft() throws Exception {
        // given, when: the activity on both brokers (once for the class)

        // then
        assertThat(lanes.classicGroupRecords()).isEqualTo(kafka.classicGroupRecords());
    }

    @Test
    void shouldPrintTheSameRecordsWhenKafkasDecodersReadBothBrokersInternalTopics() throws Exception {
        // given, when: the activity on both brokers (once for the class)

        // then: Kafka printed what the activity wrote (the comparison below is not vacuous)
        System.out.println("Apache Kafka: " + kafka + "\nLanes: " + lanes);
        assertThat(kafka.offsetCommits()).hasSize(5);
        assertThat(kafka.latestOffsetsTopic()).anySatisfy((key, value) ->
                assertThat(key).isEqualTo("{\"type\":\"2\",\"data\":{\"group\":\"classic-group\"}}"));
        assertThat(kafka.transactionStates()).containsExactly("Empty", "Ongoing", "PrepareCommit", "CompleteCommit");
        assertThat(kafka.classicGroupRecords()).anySatisfy(group -> assertThat(group).contains("\"clientId\":\"classic-client\""));
        // and: Lanes printed the same
        assertThat(lanes.offsetCommits()).as("every offset commit").containsExactlyElementsOf(kafka.offsetCommits());
        assertThat(lanes.classicGroupRecords()).as("classic group records, members included")
                .isEqualTo(kafka.classicGroupRecords());
        assertThat(lanes.latestOffsetsTopic()).as("latest record per key of __consumer_offsets")
                .containsExactlyEntriesOf(kafka.latestOffsetsTopic());
        assertThat(lanes.latestTransactions()).as("latest record per key of __transaction_state")
                .containsExactlyEntriesOf(kafka.latestTransactions());
        assertThat(lanes.transactionStates()).as("transaction states in order").isEqualTo(kafka.transactionStates());
    }

    @Test
    void shouldWriteTheSameConsumerGroupRecordsWhenAKip848MemberJoinsCommitsAndLeaves() throws Exception {
        // given, when: the activity on both brokers (once for the class)

        // then: Kafka wrote the member, its assignment and their tombstones (the comparison is not vacuous)
        System.out.println("Apache Kafka: " + kafka.consumerGroupRecords() + "\nLanes: " + lanes.consumerGroupRecords());
        assertThat(kafka.consumerGroupRecords()).anySatisfy(r -> assertThat(r).startsWith("{\"type\":\"5\"")
                .contains("\"clientId\":\"consumer-client\""));
        assertThat(kafka.consumerGroupRecords()).anySatisfy(r -> assertThat(r).startsWith("{\"type\":\"8\"")
                .endsWith("<DELETE>"));
        assertThat(lanes.consumerGroupRecords()).as("KIP-848 group records in log order")
                .isEqualTo(kafka.consumerGroupRecords());
    }
}
