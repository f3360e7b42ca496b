package io.lanes.conformance.differential;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import io.lanes.conformance.java.RawRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.lanes.conformance.java.Clients.admin;
import static io.lanes.conformance.java.Clients.consumer;
import static io.lanes.conformance.java.Clients.producer;
import static io.lanes.conformance.java.Clients.topicName;

/** Unknown topics when the broker must not create them: {@code auto.create.topics.enable=false}. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AutoCreateDisabledDifferentialTest {

    @RegisterExtension
    static BothBrokers brokers = BothBrokers.builder().brokerConfig("auto.create.topics.enable", "false").build();

    @Test
    void shouldNotCreateTopicWhenClientsUseUnknownTopic() throws Exception {
        // given
        Scenario<Map<String, Object>> unknownTopic = broker -> {
            String topic = topicName("unknown");
            Map<String, Object> observation = new LinkedHashMap<>();
            try (KafkaProducer<String, String> producer = producer(broker, ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500)) {
                observation.put("produce", Outcome.of(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get()));
                observation.put("partitionsFor", Outcome.of(() -> producer.partitionsFor(topic).size()));
            }
            try (KafkaConsumer<String, String> consumer = consumer(broker, ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1500)) {
                TopicPartition partition = new TopicPartition(topic, 0);
                consumer.assign(List.of(partition));
                observation.put("poll", Outcome.of(() -> consumer.poll(Duration.ofMillis(500)).count()));
                observation.put("position", Outcome.of(() -> consumer.position(partition)));
                observation.put("partitionsFor", Outcome.of(() -> consumer.partitionsFor(topic).size()));
            }
            try (Admin admin = admin(broker)) {
                observation.put("listed", admin.listTopics().names().get().contains(topic));
            }
            return observation;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(unknownTopic);

        // then
        observed.assertLanesMatchesKafka();
    }

    @Test
    void shouldAnswerMetadataForUnknownTopicTheSameWayWhetherOrNotClientAsksToCreate() throws Exception {
        // given
        Scenario<Map<String, Object>> metadata = broker -> {
            Map<String, Object> observation = new LinkedHashMap<>();
            for (boolean allowAutoCreate : new boolean[] {false, true}) {
                String topic = topicName("raw-metadata");
                MetadataRequest.Builder request = new MetadataRequest.Builder(new MetadataRequestData()
                        .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(topic)))
                        .setAllowAutoTopicCreation(allowAutoCreate));
                MetadataResponse response = (MetadataResponse) RawRequests.send(broker, request, ApiKeys.METADATA);
                observation.put("allowAutoTopicCreation=" + allowAutoCreate,
                        response.topicMetadata().stream().map(t -> t.error().name()).toList());
            }
            return observation;
        };

        // when
        Observations<Map<String, Object>> observed = brokers.observe(metadata);

        // then
        observed.assertLanesMatchesKafka();
    }
}
