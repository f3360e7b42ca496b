package io.lanes.conformance.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.lanes.conformance.harness.BrokerProcess;
import io.lanes.conformance.harness.SegmentFiles;
import io.lanes.conformance.harness.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of the real broker process under load, in the durable mode
 * ({@code lanes.durability=fsync}: fsync before acknowledging {@code acks=all}). Nothing
 * acknowledged may be lost or duplicated, per-key order holds, the log holds no corrupt batch,
 * and the broker takes new writes after each restart. Against Apache Kafka (the reference
 * run) the nearest setting is {@code log.flush.interval.messages=1}.
 */
class KillNineRecoveryTest {

    private static final String TOPIC = "crash-load";
    private static final int PARTITIONS = 4;
    private static final int KILLS = 3;
    private static final int ACKS_PER_RUN = 3_000;

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
    void shouldKeepEveryAcknowledgedRecordOnceAndInKeyOrderWhenBrokerIsKilledThreeTimesUnderLoad() throws Exception {
        // given
        broker = BrokerProcess.start(BrokerProcess.selectedKind(), workDir, Map.of("lanes.durability", "fsync"));
        Topics.create(broker.bootstrapServers(), TOPIC, PARTITIONS);
        List<String> timeline = new ArrayList<>();

        // when
        AckTrackingLoad load = new AckTrackingLoad(broker.bootstrapServers(), TOPIC, 4, 8);
        try {
            for (int kill = 1; kill <= KILLS; kill++) {
                // kill mid-load: only once this broker run has acknowledged a fair share of records
                int ackedAtStart = load.acknowledged().size();
                boolean progressed = load.awaitAcknowledged(ackedAtStart + ACKS_PER_RUN, Duration.ofSeconds(60));
                Thread.sleep(500);
                int ackedBeforeKill = load.acknowledged().size();
                long pid = broker.pid();
                broker.kill9();
                timeline.add("kill " + kill + ": pid " + pid + " SIGKILLed with " + ackedBeforeKill + " acks so far ("
                        + (ackedBeforeKill - ackedAtStart) + " in this run" + (progressed ? "" : ", LOAD STALLED")
                        + "), exit " + broker.exitCode());
                broker.start();
                timeline.add("restart " + kill + ": pid " + broker.pid());
            }
            boolean progressed = load.awaitAcknowledged(load.acknowledged().size() + ACKS_PER_RUN, Duration.ofSeconds(60));
            timeline.add("after last restart: " + (progressed ? "load resumed" : "LOAD STALLED"));
        } finally {
            load.close();
        }
        timeline.add("load stopped: sent " + load.sent() + ", acked " + load.acknowledged().size()
                + ", failed " + load.failed() + (load.lastFailure() == null ? "" : " (last: " + load.lastFailure() + ")"));
        List<ConsumerRecord<String, String>> stored = Topics.readAll(broker.bootstrapServers(), TOPIC);
        String context = String.join("\n", timeline) + "\n" + broker.outputTail();

        // then: every acknowledged record is stored exactly once
        Map<String, Long> copies = stored.stream().collect(Collectors.groupingBy(ConsumerRecord::value, Collectors.counting()));
        assertThat(timeline).as("every broker run took writes\n" + context).noneMatch(line -> line.contains("STALLED"));
        List<String> lost = load.acknowledged().stream().filter(v -> !copies.containsKey(v)).sorted().toList();
        assertThat(lost).as("acknowledged but not stored\n" + context).isEmpty();
        List<String> duplicated = load.acknowledged().stream().filter(v -> copies.get(v) > 1).sorted().toList();
        assertThat(duplicated).as("acknowledged and stored more than once\n" + context).isEmpty();

        // then: every stored record is well formed, on one partition per key, in per-key sequence order
        assertThat(stored).allSatisfy(r -> assertThat(r.value()).startsWith(r.key() + ":"));
        Map<String, List<ConsumerRecord<String, String>>> byKey = stored.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key));
        byKey.forEach((key, records) -> {
            assertThat(records).extracting(ConsumerRecord::partition).as("partitions of " + key)
                    .containsOnly(records.get(0).partition());
            List<Long> ackedSequence = records.stream()
                    .sorted((a, b) -> Long.compare(a.offset(), b.offset()))
                    .filter(r -> load.acknowledged().contains(r.value()))
                    .map(r -> seqOf(r.value())).toList();
            assertThat(ackedSequence).as("acknowledged sequence numbers of %s in offset order\n%s", key, context)
                    .isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
        });
        long unackedStored = stored.stream().filter(r -> !load.acknowledged().contains(r.value())).count();
        System.out.printf("%s%nstored %d records, %d of them not acknowledged%n", context, stored.size(), unackedStored);

        // then: the segments hold whole batches only, and the broker takes new writes
        for (int partition = 0; partition < PARTITIONS; partition++) {
            for (Path segment : SegmentFiles.segments(broker.logDir(), TOPIC, partition)) {
                long covered = SegmentFiles.batches(segment).stream().mapToLong(SegmentFiles.Batch::size).sum();
                assertThat(covered).as("bytes of %s covered by whole batches", segment.getFileName())
                        .isEqualTo(Files.size(segment));
            }
        }
        assertAcceptsNewWrites(stored);
    }

    private void assertAcceptsNewWrites(List<ConsumerRecord<String, String>> stored) throws Exception {
        Map<Integer, Long> endOffsets = new HashMap<>();
        for (ConsumerRecord<String, String> record : stored) {
            endOffsets.merge(record.partition(), record.offset() + 1, Math::max);
        }
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        List<RecordMetadata> written = new ArrayList<>();
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                written.add(producer.send(new ProducerRecord<>(TOPIC, partition, "after", "after:" + partition))
                        .get(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
            }
        }
        for (RecordMetadata metadata : written) {
            assertThat(metadata.offset()).as("offset of the first write after recovery on partition " + metadata.partition())
                    .isGreaterThanOrEqualTo(endOffsets.getOrDefault(metadata.partition(), 0L));
        }
        Map<String, ConsumerRecord<String, String>> after = Topics.readAll(broker.bootstrapServers(), TOPIC).stream()
                .filter(r -> r.value().startsWith("after:"))
                .collect(Collectors.toMap(ConsumerRecord::value, Function.identity()));
        assertThat(after).hasSize(PARTITIONS);
    }

    private static long seqOf(String value) {
        return Long.parseLong(value.substring(value.lastIndexOf(':') + 1));
    }
}
