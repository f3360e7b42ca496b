package io.lanes.bench.processor;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Kafka alone offers: one consumer per partition in a group, each handling its records one
 * at a time and committing after each poll's batch. Throughput is capped at
 * {@code partitions / handler latency}, however many machines are added.
 */
final class PlainGroupContestant implements Contestant {
    private final int members;
    private final List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closing;

    PlainGroupContestant(int members) {
        this.members = members;
    }

    @Override
    public String name() {
        return "plain-group";
    }

    @Override
    public void start(Map<String, Object> consumerConfig, String topic, String group, HandledLedger ledger,
                      long handlerMicros) {
        for (int i = 0; i < members; i++) {
            Map<String, Object> config = new HashMap<>(consumerConfig);
            config.put("group.id", group);
            config.put("enable.auto.commit", false);
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                    new StringDeserializer());
            consumers.add(consumer);
            Thread thread = new Thread(() -> run(consumer, topic, ledger, handlerMicros), "plain-group-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void run(KafkaConsumer<String, String> consumer, String topic, HandledLedger ledger,
                            long handlerMicros) {
        try (consumer) {
            consumer.subscribe(List.of(topic));
            while (!closing) {
                var records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, String> record : records) {
                    Contestant.handle(record, ledger, handlerMicros);
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    @Override
    public void close() {
        closing = true;
        consumers.forEach(KafkaConsumer::wakeup);
        for (Thread thread : threads) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
