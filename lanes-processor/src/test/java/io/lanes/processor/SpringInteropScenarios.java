package io.lanes.processor;

import io.lanes.processor.internal.FailureHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.DefaultDestinationTopicResolver;
import org.springframework.kafka.retrytopic.DestinationTopic;
import org.springframework.kafka.retrytopic.DestinationTopicPropertiesFactory;
import org.springframework.kafka.retrytopic.DltStrategy;
import org.springframework.kafka.retrytopic.SameIntervalTopicReuseStrategy;
import org.springframework.kafka.retrytopic.TopicSuffixingStrategy;
import org.springframework.kafka.support.ExceptionMatcher;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter and retry-topic records the processor writes, compared header by header with
 * those Spring Kafka's {@code DeadLetterPublishingRecoverer} (and its retry-topic factory) writes
 * for the same record and the same exception, on the broker the subclass supplies.
 *
 * <p>Compared byte for byte: every header name and position, and every value except the stack
 * trace (whose frames differ: compared by its first line) and the backoff timestamp (a clock
 * reading: compared by encoding length and value within a minute). Spring Kafka adds the consumer
 * group only when a listener container wraps the exception with its group; the processor always
 * knows its group, so that header is compared with Spring's wrapped case.
 */
abstract class SpringInteropScenarios {

    private static final String LISTENER = "spring-main-listener";

    protected abstract String bootstrapServers();

    private Cluster cluster;
    private KafkaTemplate<byte[], byte[]> template;
    private LanesProcessor<String, String> processor;

    @BeforeEach
    void connect() {
        cluster = new Cluster(bootstrapServers());
        template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of("bootstrap.servers", bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer()));
    }

    @AfterEach
    void closeAll() {
        if (processor != null) {
            processor.close(Duration.ofSeconds(10));
        }
        template.destroy();
        cluster.close();
    }

    @Test
    void shouldWriteTheDeadLetterSpringKafkaWritesWhenNoRetryTopics() throws Exception {
        // given a failing record with a header of its own, dead-lettered by the processor
        String topic = cluster.createTopic("spring-dlt", 2);
        cluster.send(topic, 1, "k", "bad", "trace", "abc");
        String group = Cluster.unique("g");
        startProcessor(topic, group);
        ConsumerRecord<byte[], byte[]> ours = cluster.readAll(topic + "-dlt", 1, Duration.ofSeconds(15)).get(0);
        ConsumerRecord<byte[], byte[]> original = cluster.readAll(topic, 1, Duration.ofSeconds(10)).get(0);

        // when Spring Kafka dead-letters the same record for the same exception
        cluster.createTopicNamed(topic + "-spring-dlt", 2);
        cluster.createTopicNamed(topic + "-spring-group-dlt", 2);
        new DeadLetterPublishingRecoverer(template, (r, e) -> new TopicPartition(r.topic() + "-spring-dlt", r.partition()))
                .accept(original, new IllegalStateException("still failing"));
        new DeadLetterPublishingRecoverer(template, (r, e) -> new TopicPartition(r.topic() + "-spring-group-dlt", r.partition()))
                .accept(original, new ListenerExecutionFailedException("listener failed", group,
                        new IllegalStateException("still failing")));
        ConsumerRecord<byte[], byte[]> spring = cluster.readAll(topic + "-spring-dlt", 1, Duration.ofSeconds(10)).get(0);
        ConsumerRecord<byte[], byte[]> springWithGroup = cluster.readAll(topic + "-spring-group-dlt", 1, Duration.ofSeconds(10)).get(0);

        // then
        assertThat(ours.partition()).isEqualTo(spring.partition()).isEqualTo(1);
        assertThat(ours.key()).isEqualTo(spring.key());
        assertThat(ours.value()).isEqualTo(spring.value());
        assertSameHeaders(ours, spring, FailureHeaders.DLT_EXCEPTION_STACKTRACE);
        assertThat(FailureHeaders.DLT_ORIGINAL_CONSUMER_GROUP).isEqualTo(
                org.springframework.kafka.support.KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP);
        assertThat(ParameterHeaders.value(ours, FailureHeaders.DLT_ORIGINAL_CONSUMER_GROUP))
                .isEqualTo(ParameterHeaders.value(springWithGroup, FailureHeaders.DLT_ORIGINAL_CONSUMER_GROUP));
    }

    @Test
    void shouldWriteTheRetryAndDeadLetterRecordsSpringKafkaRetryTopicsWrite() throws Exception {
        // given a record failing on the main topic and both retry topics of the processor
        String topic = cluster.createTopic("spring-retry", 2);
        cluster.send(topic, 1, "k", "bad", "trace", "abc");
        String group = Cluster.unique("g");
        startProcessor(topic, group);
        List<ConsumerRecord<byte[], byte[]>> ours = List.of(
                cluster.readAll(topic + "-retry-0", 1, Duration.ofSeconds(15)).get(0),
                cluster.readAll(topic + "-retry-1", 1, Duration.ofSeconds(15)).get(0),
                cluster.readAll(topic + "-dlt", 1, Duration.ofSeconds(15)).get(0));

        // when Spring Kafka's retry-topic recoverer forwards the same record hop by hop for the same exception
        List<String> springTopics = List.of(topic + "-spring-retry-0", topic + "-spring-retry-1", topic + "-spring-dlt");
        for (String springTopic : springTopics) {
            cluster.createTopicNamed(springTopic, 2);
        }
        DeadLetterPublishingRecoverer spring = springRetryTopics(topic, springTopics);
        List<ConsumerRecord<byte[], byte[]>> springHops = new ArrayList<>();
        ConsumerRecord<byte[], byte[]> failing = cluster.readAll(topic, 1, Duration.ofSeconds(10)).get(0);
        for (String springTopic : springTopics) {
            spring.accept(failing, new IllegalStateException("still failing"));
            failing = cluster.readAll(springTopic, 1, Duration.ofSeconds(10)).get(0);
            springHops.add(failing);
        }

        // then hop for hop the same headers
        for (int hop = 0; hop < 3; hop++) {
            assertThat(ours.get(hop).partition()).isEqualTo(springHops.get(hop).partition());
            assertThat(ours.get(hop).value()).isEqualTo(springHops.get(hop).value());
            assertSameHeaders(ours.get(hop), springHops.get(hop), FailureHeaders.EXCEPTION_STACKTRACE);
        }
    }

    private void startProcessor(String topic, String group) {
        LanesProcessorBuilder<String, String> builder = LanesProcessor.<String, String>builder()
                .consumerConfig(cluster.consumerConfig(group)).topics(topic).retryPolicy(RetryPolicy.noRetry())
                .handler(record -> {
                    throw new IllegalStateException("still failing");
                });
        if (topic.startsWith("spring-retry")) {
            builder.retryTopics(Duration.ofMillis(300), Duration.ofMillis(600));
        }
        processor = builder.build();
        processor.start();
    }

    /**
     * Spring Kafka's retry-topic recoverer, configured as {@code @RetryableTopic(attempts = "3",
     * backoff = 300 ms x2, index suffixes)} would be: main -> retry 300 ms -> retry 600 ms -> DLT,
     * here with the suffixes {@code -spring-retry-N} / {@code -spring-dlt} so both sets of topics coexist.
     */
    private DeadLetterPublishingRecoverer springRetryTopics(String topic, List<String> destinations) {
        List<DestinationTopic.Properties> properties = new DestinationTopicPropertiesFactory("-spring-retry", "-spring-dlt",
                List.of(300L, 600L), ExceptionMatcher.forDenyList().build(), 2, template, DltStrategy.FAIL_ON_ERROR,
                TopicSuffixingStrategy.SUFFIX_WITH_INDEX_VALUE, SameIntervalTopicReuseStrategy.MULTIPLE_TOPICS, -1)
                .createProperties();
        List<DestinationTopic> topics = new ArrayList<>();
        for (DestinationTopic.Properties property : properties) {
            topics.add(new DestinationTopic(topic + property.suffix(), property));
        }
        assertThat(topics).extracting(DestinationTopic::getDestinationName).containsExactly(
                topic, destinations.get(0), destinations.get(1), destinations.get(2));
        DefaultDestinationTopicResolver resolver = new DefaultDestinationTopicResolver();
        resolver.addDestinationTopics(LISTENER, topics);
        return new DeadLetterPublishingRecovererFactory(resolver).create(LISTENER);
    }

    private static void assertSameHeaders(ConsumerRecord<byte[], byte[]> ours, ConsumerRecord<byte[], byte[]> spring,
                                          String stackTraceHeader) {
        List<Header> ourHeaders = new ArrayList<>();
        for (Header header : ours.headers()) {
            if (!header.key().equals(FailureHeaders.DLT_ORIGINAL_CONSUMER_GROUP)) {
                ourHeaders.add(header);
            }
        }
        List<Header> springHeaders = new ArrayList<>();
        spring.headers().forEach(springHeaders::add);
        assertThat(ourHeaders).extracting(Header::key).containsExactlyElementsOf(
                springHeaders.stream().map(Header::key).toList());
        for (int i = 0; i < ourHeaders.size(); i++) {
            String name = ourHeaders.get(i).key();
            byte[] ourValue = ourHeaders.get(i).value();
            byte[] springValue = springHeaders.get(i).value();
            if (name.equals(stackTraceHeader)) {
                assertThat(firstLine(ourValue)).as(name).isEqualTo(firstLine(springValue));
            } else if (name.equals(FailureHeaders.RETRY_BACKOFF_TIMESTAMP)) {
                assertThat(ourValue).as(name).hasSameSizeAs(springValue);
                assertThat(new BigInteger(ourValue).longValue()).as(name)
                        .isCloseTo(new BigInteger(springValue).longValue(), org.assertj.core.data.Offset.offset(60_000L));
            } else {
                assertThat(ourValue).as(name).isEqualTo(springValue);
            }
        }
        assertThat(Set.copyOf(ourHeaders.stream().map(Header::key).toList())).contains("trace");
    }

    private static String firstLine(byte[] text) {
        return new String(text, StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }

    /** Reads one header value. */
    static final class ParameterHeaders {
        static byte[] value(ConsumerRecord<?, ?> record, String name) {
            Header header = record.headers().lastHeader(name);
            assertThat(header).as(name).isNotNull();
            return header.value();
        }
    }
}
