package io.lanes.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user quota applies to the principal a SASL client authenticated as, and to no other user. */
class UserQuotaOverSaslTest {
    private static final String PLAIN_USERS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_bob=\"bob-secret\";";
    private static final String VALUE = "v".repeat(1_000);

    @TempDir
    Path dataDir;

    @Test
    void shouldThrottleTheAuthenticatedUserWhenOverItsUserQuota() throws Exception {
        try (LanesBroker broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "lanes.http.port", "0",
                "lanes.durability", "page-cache",
                "sasl.enabled.mechanisms", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", PLAIN_USERS)))) {
            // given 200 kB/s for bob: at most 2.2 MB passes at once, then he waits
            try (Admin admin = SecureClients.of(broker.bootstrapServers("PLAINTEXT"), "PLAINTEXT").admin()) {
                admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
                        new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, "bob")),
                        List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 200_000.0))))).all().get();
            }
            SecureClients bob = SecureClients.of(broker.bootstrapServers("SASL_PLAINTEXT"), "SASL_PLAINTEXT")
                    .plain("bob", "bob-secret");
            SecureClients admin = SecureClients.of(broker.bootstrapServers("SASL_PLAINTEXT"), "SASL_PLAINTEXT")
                    .plain("admin", "admin-secret");

            // when
            double bobThrottle = produceAndGetMaxThrottle(bob, 2_300);
            double adminThrottle = produceAndGetMaxThrottle(admin, 2_300);

            // then
            assertThat(bobThrottle).isPositive();
            assertThat(adminThrottle).isZero();
            assertThat(broker.meterRegistry().get("kafka.server.quota.throttle.time").tag("quota", "Produce")
                    .summary().count()).isPositive();
        }
    }

    /** Sends {@code records} of 1 kB and waits for them; the largest throttle time the producer was told of. */
    private static double produceAndGetMaxThrottle(SecureClients clients, int records) throws Exception {
        try (KafkaProducer<String, String> producer = clients.with("delivery.timeout.ms", 30_000)
                .with("request.timeout.ms", 20_000).producer()) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>("user-quota", VALUE));
            }
            producer.flush();
            return producer.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("produce-throttle-time-max"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                    .filter(v -> !Double.isNaN(v))
                    .max().orElse(0);
        }
    }
}
