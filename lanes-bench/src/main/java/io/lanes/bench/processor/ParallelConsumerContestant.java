package io.lanes.bench.processor;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Confluent Parallel Consumer 0.5.3.3 with KEY ordering and the same concurrency: the reference. */
final class ParallelConsumerContestant implements Contestant {
    private final int concurrency;
    private ParallelStreamProcessor<String, String> processor;

    ParallelConsumerContestant(int concurrency) {
        this.concurrency = concurrency;
    }

    @Override
    public String name() {
        return "parallel-consumer";
    }

    @Override
    public void start(Map<String, Object> consumerConfig, String topic, String group, HandledLedger ledger,
                      long handlerMicros) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put("group.id", group);
        config.put("enable.auto.commit", false);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
        ParallelConsumerOptions<String, String> options = ParallelConsumerOptions.<String, String>builder()
                .ordering(ParallelConsumerOptions.ProcessingOrder.KEY)
                .maxConcurrency(concurrency)
                .consumer(consumer)
                .build();
        processor = ParallelStreamProcessor.createEosStreamProcessor(options);
        processor.subscribe(List.of(topic));
        processor.poll(context -> Contestant.handle(context.getSingleConsumerRecord(), ledger, handlerMicros));
    }

    @Override
    public void close() {
        if (processor != null) {
            processor.close(); // its default: let in-flight records finish, commit, close the consumer
        }
    }
}
