package io.lanes.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end latency at a fixed rate: a producer sends {@code --records} records at {@code --rate} per second
 * (acks=all, the side-by-side producer settings but {@code --linger-ms}), each carrying {@link System#nanoTime()} of
 * its send in its first 8 bytes; a consumer in the same JVM ({@code assign()}, no group, from the start of a fresh
 * topic) takes {@code nanoTime()} on receipt. One process, so one clock. The first {@code --warmup-records} are not
 * counted.
 *
 * <p>Sends are scheduled at fixed instants ({@code start + i / rate}); a send that falls behind is not skipped. A
 * record's latency runs from the moment it is handed to {@code send()}, so time queued in the producer counts, as
 * it does for an application: the rate must stay below what the broker sustains (saturation is the produce runs'
 * business), or the figure measures the queue.
 *
 * <p>Prints one {@link EndToEndResult} line; exits 0 when every record arrived, 2 otherwise.
 */
@Command(name = "end-to-end-latency", mixinStandardHelpOptions = true,
        description = "Measures send -> receive latency at a fixed rate, producer and consumer in one JVM.")
public final class EndToEndLatency implements Callable<Integer> {

    @Option(names = "--bootstrap-server", required = true, description = "host:port of the broker")
    String bootstrap;

    @Option(names = "--topic", required = true, description = "a fresh topic")
    String topic;

    @Option(names = "--records", defaultValue = "100000", description = "records to send (default ${DEFAULT-VALUE})")
    int records;

    @Option(names = "--warmup-records", defaultValue = "5000", description = "first records not counted (default ${DEFAULT-VALUE})")
    int warmupRecords;

    @Option(names = "--rate", defaultValue = "10000", description = "records per second (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--record-size", defaultValue = "1024", description = "bytes per record, at least 8 (default ${DEFAULT-VALUE})")
    int recordSize;

    @Option(names = "--linger-ms", defaultValue = "5",
            description = "the producer's linger.ms: 0 sends every record at once (default ${DEFAULT-VALUE})")
    int lingerMs;

    @Option(names = "--timeout-ms", defaultValue = "120000", description = "give up after this long (default ${DEFAULT-VALUE})")
    long timeoutMs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new EndToEndLatency()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMillis(timeoutMs).toNanos();
        long[] latencies = new long[records];
        int[] received = {0};
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            List<TopicPartition> partitions = partitions(producer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(consumer::position); // resolved before the first send, so no record is missed
            Thread sender = new Thread(() -> send(producer), "e2e-producer");
            sender.start();
            int seen = 0;
            while (seen < records && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    if (seen++ >= warmupRecords) {
                        latencies[received[0]++] = now - ByteBuffer.wrap(record.value()).getLong();
                    }
                }
            }
            sender.join(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
            System.out.println(EndToEndResult.of(latencies, received[0]).format());
            return seen >= records ? 0 : 2;
        }
    }

    private void send(KafkaProducer<byte[], byte[]> producer) {
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < records; i++) {
            long due = start + i * periodNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            byte[] value = new byte[recordSize];
            ByteBuffer.wrap(value).putLong(System.nanoTime());
            producer.send(new ProducerRecord<>(topic, value));
        }
        producer.flush();
    }

    private List<TopicPartition> partitions(KafkaProducer<byte[], byte[]> producer) {
        List<PartitionInfo> infos = producer.partitionsFor(topic);
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        return partitions;
    }

    private Properties producerProperties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "lanes-bench-e2e-producer");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return properties;
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "lanes-bench-e2e-consumer");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return properties;
    }
}
