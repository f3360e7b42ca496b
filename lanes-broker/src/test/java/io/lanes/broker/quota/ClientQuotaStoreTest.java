package io.lanes.broker.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientQuotaStoreTest {

    @TempDir
    Path dataDir;

    private static ClientQuotaEntity entity(String... typeAndName) {
        Map<String, String> entries = new HashMap<>();
        for (int i = 0; i < typeAndName.length; i += 2) {
            entries.put(typeAndName[i], typeAndName[i + 1]);
        }
        return new ClientQuotaEntity(entries);
    }

    @Test
    void shouldKeepEveryEntityKindWhenReloaded() {
        // given
        ClientQuotaStore store = ClientQuotaStore.load(dataDir);
        Map<ClientQuotaEntity, Map<String, Double>> changes = new HashMap<>();
        changes.put(entity(ClientQuotaEntity.USER, "CN=alice,O=lanes:x/y"), Map.of("producer_byte_rate", 1024.0));
        changes.put(entity(ClientQuotaEntity.USER, null, ClientQuotaEntity.CLIENT_ID, "app 1"),
                Map.of("consumer_byte_rate", 2048.0, "request_percentage", 12.5));
        changes.put(entity(ClientQuotaEntity.CLIENT_ID, "<default>"), Map.of("controller_mutation_rate", 3.0));
        changes.put(entity(ClientQuotaEntity.CLIENT_ID, null), Map.of("producer_byte_rate", 7.0));
        changes.put(entity(ClientQuotaEntity.IP, "127.0.0.1"), Map.of("connection_creation_rate", 5.0));

        // when
        store.change(changes);
        ClientQuotaStore reloaded = ClientQuotaStore.load(dataDir);

        // then
        assertThat(reloaded.snapshot()).isEqualTo(changes);
        assertThat(store.snapshot()).isEqualTo(changes);
    }

    @Test
    void shouldDropEntityWhenItsLastQuotaIsRemoved() throws Exception {
        // given
        ClientQuotaStore store = ClientQuotaStore.load(dataDir);
        ClientQuotaEntity alice = entity(ClientQuotaEntity.USER, "alice");
        store.change(Map.of(alice, Map.of("producer_byte_rate", 1024.0, "consumer_byte_rate", 10.0)));
        Map<String, Double> removals = new HashMap<>();
        removals.put("producer_byte_rate", null);
        removals.put("consumer_byte_rate", null);

        // when
        store.change(Map.of(alice, removals));

        // then
        assertThat(store.snapshot()).isEmpty();
        assertThat(ClientQuotaStore.load(dataDir).snapshot()).isEmpty();
        assertThat(Files.readString(dataDir.resolve(ClientQuotaStore.FILE))).doesNotContain("alice");
    }

    @Test
    void shouldNameEntitiesAsKafkaPathsWhenWritingTheFile() throws Exception {
        // given
        ClientQuotaStore store = ClientQuotaStore.load(dataDir);

        // when
        store.change(Map.of(entity(ClientQuotaEntity.USER, "alice", ClientQuotaEntity.CLIENT_ID, null),
                Map.of("producer_byte_rate", 1024.0)));

        // then
        assertThat(Files.readString(dataDir.resolve(ClientQuotaStore.FILE)))
                .contains("users/alice/clients/<default>\\:producer_byte_rate=1024.0");
    }
}
