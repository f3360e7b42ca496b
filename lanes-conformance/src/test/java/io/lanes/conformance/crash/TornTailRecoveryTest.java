package io.lanes.conformance.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A torn or damaged tail of the last segment, as a crash mid-write leaves it: after a clean stop
 * the test damages the file and removes the clean-shutdown marker, so the restarted broker must
 * re-validate the tail batch by batch, truncate what is not whole and valid, serve the intact
 * prefix and append new writes right after it.
 */
class TornTailRecoveryTest {

    private static final String TOPIC = "torn";

    @TempDir
    Path workDir;

    private BrokerProcess broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    enum Damage {
        /** Bytes after the last whole batch (a write that got only partly into a new batch's place). */
        GARBAGE_APPENDED,
        /** The last batch cut in the middle of its records. */
        LAST_BATCH_TRUNCATED,
        /** The last batch cut inside its 61-byte header. */
        LAST_BATCH_HEADER_TRUNCATED,
        /** A flipped byte inside the last batch's records: its CRC32C no longer matches. */
        LAST_BATCH_CORRUPTED
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void shouldServeIntactPrefixAndAppendAfterItWhenRestartedOnDamagedTail(Damage damage) throws Exception {
        // given
        broker = BrokerProcess.start(BrokerProcess.selectedKind(), workDir, Map.of("lanes.durability", "fsync"));
        Topics.create(broker.bootstrapServers(), TOPIC, 1);
        List<String[]> sent = produceInBatches(5, 6);
        broker.stop();
        Path segment = SegmentFiles.lastSegment(broker.logDir(), TOPIC, 0);
        List<SegmentFiles.Batch> batches = SegmentFiles.batches(segment);
        assertThat(batches).as("batches before damage").hasSizeGreaterThanOrEqualTo(2);
        SegmentFiles.Batch last = batches.get(batches.size() - 1);
        assertThat(Files.size(segment)).as("segment holds exactly its batches after a clean stop")
                .isEqualTo(last.position() + last.size());
        long expectedNext = damage == Damage.GARBAGE_APPENDED ? last.lastOffset() + 1 : last.baseOffset();
        List<String[]> intact = sent.stream().filter(s -> Long.parseLong(s[0]) < expectedNext).toList();
        List<Path> markers = removeCleanShutdownMarkers(broker.logDir());
        damage(segment, last, damage);

        // when
        broker.start();
        List<ConsumerRecord<String, String>> recovered = Topics.readAll(broker.bootstrapServers(), TOPIC);
        RecordMetadata appended = produceOne("after-recovery", "written after recovery");
        List<ConsumerRecord<String, String>> afterWrite = Topics.readAll(broker.bootstrapServers(), TOPIC);

        // then
        String context = damage + ", removed markers " + markers + "\n" + broker.outputTail();
        assertThat(markers).as("a clean-shutdown marker to remove (else recovery is not exercised)").isNotEmpty();
        assertThat(recovered).extracting(r -> r.offset() + "|" + r.key() + "|" + r.value()).as(context)
                .containsExactlyElementsOf(intact.stream().map(s -> s[0] + "|" + s[1] + "|" + s[2]).toList());
        assertThat(appended.offset()).as("offset of the first write after recovery\n" + context).isEqualTo(expectedNext);
        assertThat(afterWrite).hasSize(intact.size() + 1);
        assertThat(afterWrite.get(afterWrite.size() - 1).value()).isEqualTo("written after recovery");
        List<SegmentFiles.Batch> recoveredBatches = SegmentFiles.batches(SegmentFiles.lastSegment(broker.logDir(), TOPIC, 0));
        assertThat(recoveredBatches.stream().mapToLong(SegmentFiles.Batch::size).sum())
                .as("bytes of the recovered segment covered by whole batches\n" + context)
                .isEqualTo(Files.size(SegmentFiles.lastSegment(broker.logDir(), TOPIC, 0)));
    }

    /** {offset, key, value} of {@code batches} flushed bursts of {@code perBatch} keyed records. */
    private List<String[]> produceInBatches(int batches, int perBatch) throws Exception {
        List<String[]> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int b = 0; b < batches; b++) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                List<String[]> burst = new ArrayList<>();
                for (int i = 0; i < perBatch; i++) {
                    String key = "key-" + i % 3;
                    String value = "batch-" + b + "-record-" + i + "-" + "payload".repeat(8);
                    acks.add(producer.send(new ProducerRecord<>(TOPIC, 0, key, value)));
                    burst.add(new String[] {null, key, value});
                }
                producer.flush();
                for (int i = 0; i < perBatch; i++) {
                    burst.get(i)[0] = Long.toString(acks.get(i).get().offset());
                }
                sent.addAll(burst);
            }
        }
        return sent;
    }

    private RecordMetadata produceOne(String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            return producer.send(new ProducerRecord<>(TOPIC, 0, key, value)).get(60, TimeUnit.SECONDS);
        }
    }

    private KafkaProducer<String, String> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "1000");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Deletes the clean-shutdown markers (Lanes: .lanes-clean-shutdown, Kafka: .kafka_cleanshutdown). */
    private static List<Path> removeCleanShutdownMarkers(Path logDir) throws IOException {
        List<Path> removed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(logDir, 2)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
                if (name.contains("cleanshutdown")) {
                    Files.delete(file);
                    removed.add(logDir.relativize(file));
                }
            }
        }
        return removed;
    }

    private static void damage(Path segment, SegmentFiles.Batch last, Damage damage) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            switch (damage) {
                case GARBAGE_APPENDED -> {
                    byte[] garbage = new byte[777];
                    new Random(42).nextBytes(garbage);
                    channel.write(ByteBuffer.wrap(garbage), channel.size());
                }
                case LAST_BATCH_TRUNCATED -> channel.truncate(last.position() + SegmentFiles.HEADER_SIZE
                        + (last.size() - SegmentFiles.HEADER_SIZE) / 2);
                case LAST_BATCH_HEADER_TRUNCATED -> channel.truncate(last.position() + 30);
                case LAST_BATCH_CORRUPTED -> {
                    long at = last.position() + SegmentFiles.HEADER_SIZE + (last.size() - SegmentFiles.HEADER_SIZE) / 2;
                    ByteBuffer one = ByteBuffer.allocate(1);
                    channel.read(one, at);
                    one.flip();
                    byte flipped = (byte) (one.get(0) ^ 0x5A);
                    channel.write(ByteBuffer.wrap(new byte[] {flipped}), at);
                }
            }
            channel.force(true);
        }
    }
}
