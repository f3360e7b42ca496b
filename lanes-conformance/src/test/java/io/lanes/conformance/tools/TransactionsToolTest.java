package io.lanes.conformance.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lanes.conformance.harness.KafkaTools;
import io.lanes.conformance.harness.ProcessResult;
import io.lanes.conformance.harness.TargetBroker;
import io.lanes.conformance.harness.TargetBrokers;
import io.lanes.conformance.harness.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka-transactions.sh} ({@code org.apache.kafka.tools.TransactionsCommand}) while a transaction is open:
 * a producer with transactional id {@value #TRANSACTIONAL_ID} committed one record to partition 0 of
 * {@value #TOPIC} (offset 0, its commit marker at 1), then wrote two more in a transaction it has not ended
 * (offsets 2 and 3). The tool prints tables; each test reads them by column name.
 */
class TransactionsToolTest {

    private static final String TOPIC = "payments";
    private static final String TRANSACTIONAL_ID = "payment-processor-7";

    @TempDir
    static Path workDir;

    private static TargetBroker broker;
    private static KafkaTools tools;
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void startBrokerAndOpenTransaction() throws Exception {
        broker = TargetBrokers.start(workDir.resolve("broker"));
        tools = new KafkaTools(workDir.resolve("tools"));
        Topics.create(broker.bootstrapServers(), TOPIC, 2);
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 300_000);
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, 0, "order-1", "committed")).get();
        producer.commitTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, 0, "order-2", "open")).get();
        producer.send(new ProducerRecord<>(TOPIC, 0, "order-3", "open")).get();
    }

    @AfterAll
    static void abortAndStopBroker() {
        if (producer != null) {
            producer.abortTransaction();
            producer.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldListOpenTransactionWhenTransactionsToolLists() {
        // when
        ProcessResult result = transactions("list");

        // then
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(rows(result)).as(result.describe())
                .anySatisfy(row -> {
                    assertThat(row).containsEntry("TransactionalId", TRANSACTIONAL_ID)
                            .containsEntry("TransactionState", "Ongoing");
                    assertThat(Long.parseLong(row.get("ProducerId"))).isNotNegative();
                });
    }

    @Test
    void shouldListOnlyTransactionalIdsMatchingWholePatternWhenTransactionsToolListsWithPattern() {
        // when
        ProcessResult whole = transactions("list", "--transactional-id-pattern", "payment-.*");
        ProcessResult prefixOnly = transactions("list", "--transactional-id-pattern", "payment-");
        ProcessResult other = transactions("list", "--transactional-id-pattern", "audit-.*");

        // then
        assertThat(whole.exitCode()).as(whole.describe()).isZero();
        assertThat(rows(whole)).as(whole.describe()).extracting(row -> row.get("TransactionalId"))
                .containsExactly(TRANSACTIONAL_ID);
        assertThat(rows(prefixOnly)).as("a pattern must match the whole id\n" + prefixOnly.describe()).isEmpty();
        assertThat(rows(other)).as(other.describe()).isEmpty();
    }

    @Test
    void shouldFailWithInvalidRegularExpressionWhenTransactionsToolListsWithBrokenPattern() {
        // when
        ProcessResult result = transactions("list", "--transactional-id-pattern", "[");

        // then
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stderr()).as(result.describe()).contains("INVALID_REGULAR_EXPRESSION");
    }

    @Test
    void shouldDescribeStateAndPartitionsOfOpenTransactionWhenTransactionsToolDescribes() {
        // when
        ProcessResult result = transactions("describe", "--transactional-id", TRANSACTIONAL_ID);

        // then
        assertThat(result.exitCode()).as(result.describe()).isZero();
        List<Map<String, String>> rows = rows(result);
        assertThat(rows).as(result.describe()).hasSize(1);
        assertThat(rows.get(0))
                .containsEntry("TransactionalId", TRANSACTIONAL_ID)
                .containsEntry("TransactionState", "Ongoing")
                .containsEntry("TransactionTimeoutMs", "300000")
                .containsEntry("TopicPartitions", TOPIC + "-0");
        assertThat(rows.get(0).get("ProducerId")).isEqualTo(producerIdFromList());
    }

    @Test
    void shouldShowProducerAndStartOffsetOfOpenTransactionWhenTransactionsToolDescribesProducers() {
        // when
        ProcessResult result = transactions("describe-producers", "--topic", TOPIC, "--partition", "0");

        // then
        assertThat(result.exitCode()).as(result.describe()).isZero();
        List<Map<String, String>> rows = rows(result);
        assertThat(rows).as(result.describe()).hasSize(1);
        Map<String, String> described = describedTransaction();
        assertThat(rows.get(0))
                .containsEntry("ProducerId", described.get("ProducerId"))
                .containsEntry("ProducerEpoch", described.get("ProducerEpoch"))
                .containsEntry("CurrentTransactionStartOffset", "2");
        // transaction version 2: the commit bumped the epoch (0 to 1), so the open transaction's two records
        // are sequences 0 and 1 of the new epoch
        assertThat(rows.get(0)).containsEntry("ProducerEpoch", "1").containsEntry("LastSequence", "1");
    }

    @Test
    void shouldFindNoHangingTransactionWhenOpenTransactionIsKnownToItsCoordinator() {
        // when: the open transaction counts as a candidate from its first minute
        ProcessResult result = transactions("find-hanging", "--broker-id", "1", "--max-transaction-timeout", "0");

        // then: its coordinator still has it ongoing with partition 0, so it is not hanging
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout().lines().findFirst()).as(result.describe()).hasValueSatisfying(header ->
                assertThat(header.split("\\s+")).contains("Topic", "Partition", "ProducerId", "StartOffset"));
        assertThat(rows(result)).as(result.describe()).isEmpty();
    }

    private static Map<String, String> describedTransaction() {
        ProcessResult described = transactions("describe", "--transactional-id", TRANSACTIONAL_ID);
        return rows(described).stream().findFirst().orElseThrow(() -> new AssertionError(described.describe()));
    }

    private static String producerIdFromList() {
        ProcessResult listed = transactions("list");
        return rows(listed).stream().filter(row -> TRANSACTIONAL_ID.equals(row.get("TransactionalId")))
                .map(row -> row.get("ProducerId")).findFirst()
                .orElseThrow(() -> new AssertionError(listed.describe()));
    }

    private static ProcessResult transactions(String... args) {
        String[] line = new String[args.length + 2];
        line[0] = "--bootstrap-server";
        line[1] = broker.bootstrapServers();
        System.arraycopy(args, 0, line, 2, args.length);
        return tools.run(KafkaTools.TRANSACTIONS, line);
    }

    /** The rows of the table the tool printed, each as column name to value (columns hold no spaces). */
    private static List<Map<String, String>> rows(ProcessResult result) {
        List<String> lines = result.stdout().lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            return List.of();
        }
        String[] header = lines.get(0).trim().split("\\s+");
        return lines.subList(1, lines.size()).stream().map(line -> {
            String[] values = line.trim().split("\\s+");
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < values.length ? values[i] : "");
            }
            return row;
        }).toList();
    }
}
