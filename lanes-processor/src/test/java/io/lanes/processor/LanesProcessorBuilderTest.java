package io.lanes.processor;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LanesProcessorBuilderTest {

    private static Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", "127.0.0.1:9");
        config.put("group.id", "g");
        config.put("key.deserializer", StringDeserializer.class);
        config.put("value.deserializer", StringDeserializer.class.getName());
        return config;
    }

    private static LanesProcessorBuilder<String, String> valid() {
        return LanesProcessor.<String, String>builder().consumerConfig(config()).topics("t").handler(r -> { });
    }

    @Test
    void shouldNameOrderingWhenOrderingIsNull() {
        assertThatThrownBy(() -> valid().ordering(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ordering");
    }

    @Test
    void shouldNameMaxConcurrencyWhenBelowOne() {
        assertThatThrownBy(() -> valid().maxConcurrency(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConcurrency must be at least 1, was 0");
    }

    @Test
    void shouldRefuseAutoCommitWhenExplicitlyEnabled() {
        Map<String, Object> config = config();
        config.put("enable.auto.commit", "true");
        assertThatThrownBy(() -> valid().consumerConfig(config).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("enable.auto.commit=true");
    }

    @Test
    void shouldNameGroupIdWhenMissing() {
        Map<String, Object> config = config();
        config.remove("group.id");
        assertThatThrownBy(() -> valid().consumerConfig(config).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group.id");
    }

    @Test
    void shouldNameTopicsWhenNoneGiven() {
        assertThatThrownBy(() -> valid().topics().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topics");
    }

    @Test
    void shouldNameHandlerWhenMissing() {
        assertThatThrownBy(() -> LanesProcessor.<String, String>builder().consumerConfig(config()).topics("t").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handler is required");
    }

    @Test
    void shouldNameTheDeserializerWhenNeitherConfiguredNorGiven() {
        Map<String, Object> config = config();
        config.remove("value.deserializer");
        assertThatThrownBy(() -> valid().consumerConfig(config).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value.deserializer");
    }

    @Test
    void shouldRefuseSecondStartWhenAlreadyStarted() {
        // given a started processor (the broker address is unreachable: start does not wait for it)
        LanesProcessor<String, String> processor = valid().createMissingTopics(false).build();
        processor.start();
        try {
            // when / then
            assertThatThrownBy(processor::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already started");
        } finally {
            processor.close(java.time.Duration.ofSeconds(2));
        }
        assertThatThrownBy(processor::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void shouldNameMaxAttemptsWhenRetryPolicyHasNone() {
        assertThatThrownBy(() -> RetryPolicy.exponential(0, java.time.Duration.ZERO, 1, java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
    }

    // ---------------------------------------------------------------- transactional output

    private static LanesProcessorBuilder<String, String> transactional() {
        StringSerializer strings = new StringSerializer();
        return LanesProcessor.<String, String>builder().consumerConfig(config()).topics("t")
                .outputHandler(strings, strings, (record, output) -> output.send("out", record.key(), record.value()));
    }

    @Test
    void shouldRequireTransactionalIdWhenOutputHandlerIsSet() {
        assertThatThrownBy(() -> transactional().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transactionalId is required with outputHandler");
    }

    @Test
    void shouldRefuseAutoCommitWhenTransactional() {
        Map<String, Object> config = config();
        config.put("enable.auto.commit", true);
        assertThatThrownBy(() -> transactional().transactionalId("app-0").consumerConfig(config).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("enable.auto.commit=true");
    }

    @Test
    void shouldRefuseReadUncommittedInputWhenTransactional() {
        Map<String, Object> config = config();
        config.put("isolation.level", "read_uncommitted");
        assertThatThrownBy(() -> transactional().transactionalId("app-0").consumerConfig(config).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("isolation.level=read_uncommitted");
    }

    @Test
    void shouldRefuseTransactionalIdWhenThereIsNoOutputHandler() {
        assertThatThrownBy(() -> valid().transactionalId("app-0").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transactionalId is only used with outputHandler");
    }

    @Test
    void shouldRefuseBothHandlersWhenHandlerAndOutputHandlerAreSet() {
        assertThatThrownBy(() -> transactional().transactionalId("app-0").handler(r -> { }).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exclusive");
    }

    @Test
    void shouldPointToTransactionalIdWhenTheProducerConfigSetsOne() {
        assertThatThrownBy(() -> transactional().transactionalId("app-0").producerConfig(Map.of("transactional.id", "x")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use transactionalId(...)");
    }

    @Test
    void shouldNameTransactionalIdWhenBlank() {
        assertThatThrownBy(() -> transactional().transactionalId(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transactionalId must not be null or blank");
    }
}
