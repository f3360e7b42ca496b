package io.lanes.cli.demo;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Reads a dead-letter topic from its beginning to its end with an unnamed consumer (no group, no commits). */
final class DeadLetterReader {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private DeadLetterReader() {
    }

    /**
     * One dead letter as read back.
     *
     * @param partition its partition in the dead-letter topic
     * @param offset    its offset there
     * @param key       key bytes (null if none)
     * @param value     value bytes (null if none)
     * @param headers   the last value of each header, by name
     */
    record DeadLetter(int partition, long offset, byte[] key, byte[] value, Map<String, byte[]> headers) {
    }

    static List<DeadLetter> read(String bootstrap, String topic, int partitions) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "demo-dead-letter-reader");
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> all = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> end = consumer.endOffsets(all, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (all.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("did not reach the end of " + topic + " in 30 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, byte[]> headers = new HashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(), header.value());
                    }
                    letters.add(new DeadLetter(record.partition(), record.offset(), record.key(), record.value(),
                            headers));
                }
            }
        }
        return letters;
    }
}
