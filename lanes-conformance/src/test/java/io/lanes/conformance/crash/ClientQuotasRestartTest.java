package io.lanes.conformance.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.conformance.harness.BrokerProcess;
import io.lanes.conformance.harness.Topics;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client quotas survive a clean restart and a kill -9 of the broker process: what AlterClientQuotas acknowledged is
 * what DescribeClientQuotas answers after the broker comes back.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClientQuotasRestartTest {

    @TempDir
    Path workDir;

    private BrokerProcess broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldKeepAcknowledgedQuotasWhenBrokerRestartsAndIsKilled() throws Exception {
        // given
        broker = BrokerProcess.start(BrokerProcess.selectedKind(), workDir, Map.of());
        ClientQuotaEntity userDefault = entity(ClientQuotaEntity.USER, null);
        ClientQuotaEntity aliceApp = entity(ClientQuotaEntity.USER, "alice", ClientQuotaEntity.CLIENT_ID, "app");
        ClientQuotaEntity client = entity(ClientQuotaEntity.CLIENT_ID, "reader");
        alter(userDefault, "request_percentage", 25.0);
        alter(aliceApp, "producer_byte_rate", 1_048_576.0);
        Map<ClientQuotaEntity, Map<String, Double>> beforeRestart = describe();

        // when
        broker.stop();
        broker.start();
        Map<ClientQuotaEntity, Map<String, Double>> afterRestart = describe();
        alter(client, "consumer_byte_rate", 2_048.0);
        alter(aliceApp, "producer_byte_rate", null);
        Map<ClientQuotaEntity, Map<String, Double>> beforeKill = describe();
        broker.kill9();
        broker.start();
        Map<ClientQuotaEntity, Map<String, Double>> afterKill = describe();

        // then
        assertThat(beforeRestart).isEqualTo(Map.of(userDefault, Map.of("request_percentage", 25.0),
                aliceApp, Map.of("producer_byte_rate", 1_048_576.0)));
        assertThat(afterRestart).isEqualTo(beforeRestart);
        assertThat(beforeKill).isEqualTo(Map.of(userDefault, Map.of("request_percentage", 25.0),
                client, Map.of("consumer_byte_rate", 2_048.0)));
        assertThat(afterKill).isEqualTo(beforeKill);
    }

    private static ClientQuotaEntity entity(String... typeAndName) {
        Map<String, String> entries = new HashMap<>();
        for (int i = 0; i < typeAndName.length; i += 2) {
            entries.put(typeAndName[i], typeAndName[i + 1]);
        }
        return new ClientQuotaEntity(entries);
    }

    /** Sets (or with null removes) one quota and waits until the broker describes the change. */
    private void alter(ClientQuotaEntity entity, String key, Double value) throws Exception {
        try (Admin admin = Topics.admin(broker.bootstrapServers())) {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity,
                    List.of(new ClientQuotaAlteration.Op(key, value))))).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                Map<String, Double> values = describe(admin).getOrDefault(entity, Map.of());
                if (value == null ? !values.containsKey(key) : value.equals(values.get(key))) {
                    return;
                }
                Thread.sleep(50);
            }
        }
    }

    private Map<ClientQuotaEntity, Map<String, Double>> describe() throws Exception {
        try (Admin admin = Topics.admin(broker.bootstrapServers())) {
            return describe(admin);
        }
    }

    private static Map<ClientQuotaEntity, Map<String, Double>> describe(Admin admin) throws Exception {
        return admin.describeClientQuotas(ClientQuotaFilter.all()).entities().get(30, TimeUnit.SECONDS);
    }
}
