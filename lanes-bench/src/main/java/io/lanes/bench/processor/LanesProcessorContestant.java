package io.lanes.bench.processor;

import io.lanes.processor.LanesProcessor;
import io.lanes.processor.Ordering;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Lanes' processor with KEY ordering. */
final class LanesProcessorContestant implements Contestant {
    private final int concurrency;
    private LanesProcessor<String, String> processor;

    LanesProcessorContestant(int concurrency) {
        this.concurrency = concurrency;
    }

    @Override
    public String name() {
        return "lanes-processor";
    }

    @Override
    public void start(Map<String, Object> consumerConfig, String topic, String group, HandledLedger ledger,
                      long handlerMicros) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put("group.id", group);
        config.put("key.deserializer", StringDeserializer.class);
        config.put("value.deserializer", StringDeserializer.class);
        processor = LanesProcessor.<String, String>builder()
                .consumerConfig(config)
                .topics(topic)
                .ordering(Ordering.KEY)
                .maxConcurrency(concurrency)
                .handler(record -> Contestant.handle(record, ledger, handlerMicros))
                .build();
        processor.start();
    }

    @Override
    public void close() {
        if (processor != null) {
            processor.close(Duration.ofSeconds(30));
        }
    }
}
