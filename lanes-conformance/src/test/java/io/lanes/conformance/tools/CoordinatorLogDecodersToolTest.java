package io.lanes.conformance.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.lanes.conformance.harness.BrokerProcess;
import io.lanes.conformance.harness.CoordinatorLogs;
import io.lanes.conformance.harness.CoordinatorLogs.Decoded;
import io.lanes.conformance.harness.KafkaTools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka-dump-log.sh --offsets-decoder} and {@code --transaction-log-decoder} ({@code org.apache.kafka.tools.DumpLogSegments})
 * read the target broker's {@code __consumer_offsets} and {@code __transaction_state} after real client activity:
 * every record decodes as one of Kafka's record types, with the groups, partitions, offsets, metadata,
 * transactional id and states the clients produced.
 */
class CoordinatorLogDecodersToolTest {
    @TempDir
    Path workDir;

    private BrokerProcess broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldDecodeOffsetCommitsGroupsAndTransactionsWhenDumpingTheInternalTopics() throws Exception {
        // given
        broker = BrokerProcess.start(BrokerProcess.selectedKind(), workDir.resolve("broker"), Map.of());
        CoordinatorLogs.runActivity(broker.bootstrapServers());
        broker.stop();
        KafkaTools tools = new KafkaTools(workDir.resolve("tools"));

        // when
        CoordinatorLogs.Dump offsetsDump = CoordinatorLogs.dump(tools, broker.logDir(), "__consumer_offsets",
                "--offsets-decoder");
        CoordinatorLogs.Dump txnDump = CoordinatorLogs.dump(tools, broker.logDir(), "__transaction_state",
                "--transaction-log-decoder");
        List<Decoded> offsets = offsetsDump.records();
        List<Decoded> txns = txnDump.records();
        String raw = offsetsDump.output() + txnDump.output();

        // then: nothing the decoders could not read
        assertThat(raw).doesNotContain("Error at offset").doesNotContain("Unknown record type")
                .doesNotContain("Exception");
        // offset commits: group, topic, partition in the key; offset and metadata in the value
        assertThat(offsets).anySatisfy(d -> {
            assertThat(d.key()).isEqualTo("{\"type\":\"1\",\"data\":{\"group\":\"classic-group\",\"topic\":\"orders\",\"partition\":0}}");
            assertThat(d.payload()).startsWith("{\"version\":\"4\",\"data\":{\"offset\":5,").contains("\"metadata\":\"meta-a\"");
        });
        assertThat(offsets).anySatisfy(d -> {
            assertThat(d.key()).contains("\"group\":\"classic-group\",\"topic\":\"orders\",\"partition\":1");
            assertThat(d.payload()).contains("\"offset\":7,").contains("\"metadata\":\"\"");
        });
        assertThat(offsets).anySatisfy(d -> {
            assertThat(d.key()).contains("\"group\":\"simple-group\",\"topic\":\"orders\",\"partition\":0");
            assertThat(d.payload()).contains("\"offset\":3,").contains("\"metadata\":\"m\"");
        });
        assertThat(offsets).anySatisfy(d -> {
            assertThat(d.key()).contains("\"group\":\"txn-group\",\"topic\":\"orders\",\"partition\":1");
            assertThat(d.payload()).contains("\"offset\":11,").contains("\"metadata\":\"in-txn\"");
        });
        // the classic group: a generation with its member, then Empty after the member left
        assertThat(offsets).anySatisfy(d -> {
            assertThat(d.key()).isEqualTo("{\"type\":\"2\",\"data\":{\"group\":\"classic-group\"}}");
            assertThat(d.payload()).startsWith("{\"version\":\"3\",\"data\":{\"protocolType\":\"consumer\",\"generation\":1,")
                    .contains("\"clientId\":\"classic-client\"");
        });
        // the KIP-848 group: its member with the client id, and the member's assignment
        assertThat(offsets).anySatisfy(d -> {
            assertThat(d.key()).startsWith("{\"type\":\"5\",\"data\":{\"groupId\":\"consumer-group\",");
            assertThat(d.payload()).startsWith("{\"version\":\"0\",").contains("\"clientId\":\"consumer-client\"");
        });
        assertThat(offsets).anySatisfy(d -> {
            assertThat(d.key()).startsWith("{\"type\":\"8\",\"data\":{\"groupId\":\"consumer-group\",");
            assertThat(d.payload()).contains("\"memberEpoch\":2,").contains("\"partitions\":[0,1],\"assignmentEpochs\":[2,2]");
        });
        // the transaction: its id in the key, and its states in order
        assertThat(txns).allSatisfy(d -> assertThat(d.key())
                .isEqualTo("{\"type\":\"0\",\"data\":{\"transactionalId\":\"tx-1\"}}"));
        assertThat(txns.stream().map(d -> state(d.payload())).distinct().toList())
                .containsExactly("Empty", "Ongoing", "PrepareCommit", "CompleteCommit");
        assertThat(txns.get(txns.size() - 1).payload()).contains("\"transactionTimeoutMs\":30000");
    }

    private static String state(String payload) {
        // Kafka 4.4's decoder prints the status by name (4.1's printed its id)
        String status = payload.replaceAll(".*\"transactionStatus\":\"(\\w+)\".*", "$1");
        return status.equals(payload) ? "other: " + payload : status;
    }
}
