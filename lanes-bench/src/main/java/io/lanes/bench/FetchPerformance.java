package io.lanes.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fetch throughput without a consumer group: {@code assign()} every partition, seek to the beginning,
 * poll until the expected number of records arrived. Kafka's own ConsumerPerformance needs a group
 * ({@code subscribe()}), which would also measure the group protocol; this keeps the fetch path alone.
 * Client settings follow ConsumerPerformance's defaults (1 MiB per partition, 2 MiB receive buffer).
 *
 * <p>Prints one {@link FetchResult} line; exits 0 when every expected record arrived, 2 otherwise.
 */
@Command(name = "fetch-performance", mixinStandardHelpOptions = true,
        description = "Measures fetch throughput with an assign()-based consumer (no group).")
public final class FetchPerformance implements Callable<Integer> {

    @Option(names = "--bootstrap-server", required = true, description = "host:port of the broker")
    String bootstrap;

    @Option(names = "--topic", required = true, description = "topic to read from the beginning")
    String topic;

    @Option(names = "--records", required = true, description = "records to read before stopping")
    long records;

    @Option(names = "--timeout-ms", defaultValue = "120000", description = "give up after this long (default ${DEFAULT-VALUE})")
    long timeoutMs;

    @Option(names = "--stall-ms", defaultValue = "15000",
            description = "give up when no record arrived for this long (default ${DEFAULT-VALUE})")
    long stallMs;

    @Option(names = "--fetch-size", defaultValue = "1048576", description = "max.partition.fetch.bytes (default ${DEFAULT-VALUE})")
    int fetchSize;

    @Option(names = "--consumer-property", paramLabel = "KEY=VALUE",
            description = "extra consumer setting, repeatable (security settings of a TLS or SASL listener)")
    List<String> extraProperties = new ArrayList<>();

    @Option(names = "--socket-buffer-size", defaultValue = "2097152", description = "receive.buffer.bytes (default ${DEFAULT-VALUE})")
    int socketBufferSize;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FetchPerformance()).execute(args));
    }

    @Override
    public Integer call() {
        long deadline = System.nanoTime() + Duration.ofMillis(timeoutMs).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            FetchResult result = consume(consumer, deadline);
            System.out.println(result.format());
            return result.records() >= records ? 0 : 2;
        }
    }

    private FetchResult consume(KafkaConsumer<byte[], byte[]> consumer, long deadline) {
        long count = 0;
        long bytes = 0;
        long start = System.nanoTime();
        long last = start;
        while (count < records && System.nanoTime() < deadline) {
            ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
            long now = System.nanoTime();
            if (batch.isEmpty()) {
                if (now - last > Duration.ofMillis(stallMs).toNanos()) {
                    break;
                }
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                count++;
                bytes += (record.key() == null ? 0 : record.key().length)
                        + (record.value() == null ? 0 : record.value().length);
            }
            last = now;
        }
        return new FetchResult(count, bytes, (last - start) / 1e6);
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofMillis(Math.min(timeoutMs, 30_000)));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        return partitions;
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "lanes-bench-fetch");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(fetchSize));
        properties.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, Integer.toString(socketBufferSize));
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        for (String property : extraProperties) {
            int equals = property.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--consumer-property " + property + " is not KEY=VALUE");
            }
            properties.put(property.substring(0, equals), property.substring(equals + 1));
        }
        return properties;
    }
}
