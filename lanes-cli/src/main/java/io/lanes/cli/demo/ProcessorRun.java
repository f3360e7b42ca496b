package io.lanes.cli.demo;

import io.lanes.processor.LanesProcessor;
import io.lanes.processor.Ordering;
import io.lanes.processor.RetryPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Map;

/**
 * The contestant of the processor stage: one {@link LanesProcessor} (KEY ordering) reading the
 * stage's topic with the stage's handler; a malformed value makes its value deserializer throw, so
 * the record goes to {@code <topic>-dlt} with its raw bytes; a transient failure is retried in
 * place with the default policy (100 ms, then 200 ms). Thread-safe as the processor is.
 */
final class ProcessorRun implements AutoCloseable {
    static final String DEAD_LETTERED = "lanes.processor.records.dead.lettered";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LanesProcessor<String, OrderEvent> processor;

    ProcessorRun(String bootstrap, StageSettings settings, GroupProtocolChoice protocol, StageHandler handler) {
        Map<String, Object> config = new java.util.HashMap<>(GroupMember.consumerConfig(bootstrap,
                StageSettings.PROCESSOR_GROUP, StageSettings.PROCESSOR_GROUP, protocol));
        config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        processor = LanesProcessor.<String, OrderEvent>builder()
                .consumerConfig(config)
                .topics(settings.topic())
                .ordering(Ordering.KEY)
                .maxConcurrency(settings.concurrency())
                .keyDeserializer(new StringDeserializer())
                .valueDeserializer(new OrderEventDeserializer())
                .retryPolicy(RetryPolicy.DEFAULT)
                .deadLetterSuffix(StageSettings.DEAD_LETTER_SUFFIX)
                .meterRegistry(registry)
                .handler(record -> handler.handle(record.partition(), record.offset(), record.value()))
                .build();
    }

    void start() {
        processor.start();
    }

    boolean isRunning() {
        return processor.isRunning();
    }

    /** Records the processor has written to the dead-letter topic so far. */
    long deadLettered() {
        return Math.round(registry.find(DEAD_LETTERED).counters().stream().mapToDouble(Counter::count).sum());
    }

    @Override
    public void close() {
        processor.close(Duration.ofSeconds(30));
    }
}
