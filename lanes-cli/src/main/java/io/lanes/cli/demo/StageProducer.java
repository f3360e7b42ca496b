package io.lanes.cli.demo;

import io.lanes.cli.demo.StageStream.StageRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes the stage's stream into its topic as fast as it can (an idempotent {@code acks=all}
 * producer, keys partitioned as any Java client does) and returns where each record landed.
 * Runs on the calling thread.
 */
final class StageProducer {
    private StageProducer() {
    }

    /**
     * Where one record of the stream landed.
     *
     * @param record    the record
     * @param partition its partition
     * @param offset    its offset
     */
    record Placed(StageRecord record, int partition, long offset) {
    }

    static List<Placed> produce(String bootstrap, String topic, List<StageRecord> records, long timeoutMillis)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "stage-producer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (StageRecord record : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, record.key().getBytes(StandardCharsets.UTF_8),
                        record.value())));
            }
            producer.flush();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            List<Placed> placed = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                RecordMetadata metadata = sent.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                placed.add(new Placed(records.get(i), metadata.partition(), metadata.offset()));
            }
            return placed;
        }
    }
}
