package io.lanes.launch;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerTest {

    @Test
    void shouldServeTheSameTopicsOnTheSamePortWhenStartedAgainAfterKill() throws Exception {
        // given
        Path directory = Directories.createTemp("kafka-broker-test-");
        try (KafkaBroker kafka = KafkaBroker.builder(directory)
                .config("offsets.topic.num.partitions", "1")
                .jvmOptions(KafkaNode.quickStartJvmOptions("512m"))
                .startupTimeout(Duration.ofSeconds(120))
                .start()) {
            int port = kafka.port();
            assertThat(kafka.startupMillis()).isPositive();
            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
            }

            // when
            long pid = kafka.jvm().pid();
            kafka.kill();
            assertThat(kafka.isAlive()).isFalse();
            kafka.start();

            // then
            assertThat(kafka.jvm().pid()).isNotEqualTo(pid);
            assertThat(kafka.port()).isEqualTo(port);
            try (Admin admin = admin(kafka)) {
                assertThat(admin.listTopics().names().get()).contains("kept");
            }
        } finally {
            Directories.deleteRecursively(directory);
        }
    }

    private static Admin admin(KafkaBroker kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }
}
