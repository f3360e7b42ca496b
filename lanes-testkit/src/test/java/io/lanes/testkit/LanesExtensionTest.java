package io.lanes.testkit;

import io.lanes.broker.LanesBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class LanesExtensionTest {

    static final Set<Path> DATA_DIRS = ConcurrentHashMap.newKeySet();

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class StaticField {
        @RegisterExtension
        static LanesExtension lanes = LanesExtension.builder().brokerConfig("num.partitions", "3").build();

        static final Set<Integer> PORTS = ConcurrentHashMap.newKeySet();
        static Path dataDir;

        @Test
        @Order(1)
        void shouldApplyBrokerConfigWhenStartedFromStaticField() throws Exception {
            // given
            String topic = "auto-created";

            // when
            try (KafkaProducer<String, String> producer = producer(lanes.bootstrapServers())) {
                producer.send(new ProducerRecord<>(topic, "k", "v")).get();
            }

            // then
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, lanes.bootstrapServers()))) {
                assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(3);
            }
            PORTS.add(lanes.port());
            dataDir = lanes.dataDir();
            DATA_DIRS.add(dataDir);
        }

        @Test
        @Order(2)
        void shouldShareOneBrokerWhenRegisteredOnStaticField(LanesBroker broker) {
            // given a broker started before all tests

            // when
            PORTS.add(broker.port());

            // then
            assertThat(PORTS).containsExactly(lanes.port());
            assertThat(broker.bootstrapServers()).isEqualTo(lanes.bootstrapServers()).startsWith("127.0.0.1:");
        }

        @AfterAll
        static void dataDirIsStillThereUntilTheExtensionStops() {
            assertThat(dataDir).exists();
        }
    }

    @Nested
    class InstanceField {
        @RegisterExtension
        LanesExtension lanes = LanesExtension.builder().build();

        @Test
        void shouldStartFreshBrokerWhenRegisteredOnInstanceField(LanesBroker broker) throws Exception {
            // given
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, lanes.bootstrapServers()))) {

                // when
                Set<String> topics = admin.listTopics().names().get();

                // then
                assertThat(topics).isEmpty();
                admin.createTopics(List.of(new NewTopic("left-behind", Optional.empty(), Optional.empty()))).all().get();
            }
            assertThat(broker.port()).isEqualTo(lanes.port());
            DATA_DIRS.add(lanes.dataDir());
        }

        @Test
        void shouldKeepDataAndPortWhenRestarted() throws Exception {
            // given
            int port = lanes.port();
            Path dataDir = lanes.dataDir();
            DATA_DIRS.add(dataDir);
            try (KafkaProducer<String, String> producer = producer(lanes.bootstrapServers())) {
                producer.send(new ProducerRecord<>("kept", "k", "v")).get();
            }

            // when
            lanes.restart();

            // then
            assertThat(lanes.port()).isEqualTo(port);
            assertThat(lanes.dataDir()).isEqualTo(dataDir);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, lanes.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains("kept");
            }
        }

        @Test
        void shouldStartFreshBrokerForSecondTestToo() throws Exception {
            DATA_DIRS.add(lanes.dataDir());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, lanes.bootstrapServers()))) {
                // when
                Set<String> topics = admin.listTopics().names().get();

                // then
                assertThat(topics).doesNotContain("left-behind");
            }
        }
    }

    @Nested
    @ExtendWith(LanesExtension.class)
    class Declarative {
        @Test
        void shouldStartBrokerWithDefaultsWhenExtendedWith(LanesBroker broker) {
            // given a broker from @ExtendWith

            // when
            String bootstrap = broker.bootstrapServers();

            // then
            assertThat(bootstrap).isEqualTo("127.0.0.1:" + broker.port());
        }
    }

    @AfterAll
    static void shouldHaveDeletedEveryDataDirectoryWhenBrokersStopped() {
        // then, once every nested class ran
        assertThat(DATA_DIRS).isNotEmpty().allSatisfy(dir -> assertThat(dir).doesNotExist());
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000), new StringSerializer(), new StringSerializer());
    }
}
