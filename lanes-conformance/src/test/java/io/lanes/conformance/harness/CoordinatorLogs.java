package io.lanes.conformance.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Client activity that leaves records in {@code __consumer_offsets} and {@code __transaction_state} (offset commits
 * of a classic and a KIP-848 consumer group, the consumer group's member and assignment records, a simple
 * commit through the admin client, a transaction with offsets), and
 * {@code kafka-dump-log.sh} with Kafka's decoders for those topics ({@code --offsets-decoder},
 * {@code --transaction-log-decoder}) over a broker's segment files.
 */
public final class CoordinatorLogs {
    public static final String TOPIC = "orders";
    public static final String CLASSIC_GROUP = "classic-group";
    public static final String CONSUMER_GROUP = "consumer-group";
    public static final String SIMPLE_GROUP = "simple-group";
    public static final String TXN_GROUP = "txn-group";
    public static final String TRANSACTIONAL_ID = "tx-1";

    /** {@code | offset: N ... key: K payload: V} as DumpLogSegments prints a decoded record. */
    private static final Pattern RECORD = Pattern.compile("^\\| offset: (\\d+) .* key: (.*) payload: (.*)$");

    /** One record as a decoder printed it: the key and the payload (value) text. */
    public record Decoded(String key, String payload) {
    }

    private CoordinatorLogs() {
    }

    /**
     * Runs the activity: a classic group commits {@code orders-0 -> 5 "meta-a"} and {@code orders-1 -> 7} and leaves;
     * a KIP-848 consumer group's member is assigned both partitions, commits {@code orders-0 -> 4 "meta-c"} and leaves;
     * the admin client commits {@code orders-0 -> 3 "m"} for a simple group; transactional id {@code tx-1} writes a
     * record and commits {@code orders-1 -> 11 "in-txn"} for {@code txn-group} in one committed transaction.
     * Returns once the transaction is complete and its offsets are visible.
     */
    public static void runActivity(String bootstrap) throws Exception {
        Topics.create(bootstrap, TOPIC, 2);
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, CLASSIC_GROUP, "classic")) {
            awaitBothPartitions(consumer);
            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(5, "meta-a"), p1, new OffsetAndMetadata(7)));
        }
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, CONSUMER_GROUP, "consumer")) {
            awaitBothPartitions(consumer);
            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(4, "meta-c")));
        }
        try (Admin admin = Topics.admin(bootstrap)) {
            admin.alterConsumerGroupOffsets(SIMPLE_GROUP, Map.of(p0, new OffsetAndMetadata(3, "m"))).all().get();
        }
        try (KafkaProducer<String, String> producer = transactionalProducer(bootstrap)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, 0, "k", "v"));
            producer.sendOffsetsToTransaction(Map.of(p1, new OffsetAndMetadata(11, "in-txn")),
                    new ConsumerGroupMetadata(TXN_GROUP));
            producer.commitTransaction();
        }
        awaitTransactionComplete(bootstrap, p1);
    }

    /**
     * What the decoder printed for an internal topic.
     *
     * @param records every record it decoded, partition by partition in log order
     * @param output  its whole output (stdout and stderr), for failure messages and error checks
     */
    public record Dump(List<Decoded> records, String output) {
    }

    /** Runs DumpLogSegments once over every segment of every partition of {@code topic}, with {@code decoderOption}. */
    public static Dump dump(KafkaTools tools, Path logDir, String topic, String decoderOption) {
        List<String> segments = partitionDirs(logDir, topic).stream().flatMap(d -> segments(d).stream()).toList();
        if (segments.isEmpty()) {
            throw new IllegalStateException("no segment of " + topic + " in " + logDir);
        }
        ProcessResult result = tools.run(KafkaTools.DUMP_LOG, "--files", String.join(",", segments),
                decoderOption, "--print-data-log");
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kafka-dump-log failed: " + result.describe());
        }
        List<Decoded> records = result.stdout().lines().map(RECORD::matcher).filter(Matcher::matches)
                .map(m -> new Decoded(m.group(2), m.group(3))).toList();
        return new Dump(records, result.stdout() + result.stderr());
    }

    private static List<Path> partitionDirs(Path logDir, String topic) {
        try (Stream<Path> dirs = Files.list(logDir)) {
            return dirs.filter(d -> d.getFileName().toString().matches(Pattern.quote(topic) + "-\\d+"))
                    .sorted((a, b) -> Integer.compare(partitionOf(a), partitionOf(b))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int partitionOf(Path dir) {
        String name = dir.getFileName().toString();
        return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
    }

    private static List<String> segments(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted()
                    .map(Path::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitTransactionComplete(String bootstrap, TopicPartition committed) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Admin admin = Topics.admin(bootstrap)) {
            while (System.nanoTime() < deadline) {
                TransactionDescription txn = admin.describeTransactions(List.of(TRANSACTIONAL_ID))
                        .description(TRANSACTIONAL_ID).get();
                OffsetAndMetadata offset = admin.listConsumerGroupOffsets(TXN_GROUP)
                        .partitionsToOffsetAndMetadata().get().get(committed);
                if (txn.state().toString().equals("CompleteCommit") && offset != null && offset.offset() == 11) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("transaction " + TRANSACTIONAL_ID + " did not complete");
    }

    private static void awaitBothPartitions(KafkaConsumer<String, String> consumer) {
        consumer.subscribe(List.of(TOPIC));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (consumer.assignment().size() < 2 && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
    }

    /** A consumer of {@code group} with {@code protocol} (classic or consumer), client id {@code <protocol>-client}. */
    private static KafkaConsumer<String, String> consumer(String bootstrap, String group, String protocol) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, protocol + "-client");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static KafkaProducer<String, String> transactionalProducer(String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
