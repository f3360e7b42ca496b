package io.lanes.broker.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.Test;

class QuotaResolverTest {
    private static final String KEY = QuotaKeys.PRODUCER_BYTE_RATE;

    private static ClientQuotaEntity entity(String user, boolean hasUser, String client, boolean hasClient) {
        Map<String, String> entries = new HashMap<>();
        if (hasUser) {
            entries.put(ClientQuotaEntity.USER, user);
        }
        if (hasClient) {
            entries.put(ClientQuotaEntity.CLIENT_ID, client);
        }
        return new ClientQuotaEntity(entries);
    }

    /** Every entity that can apply to alice / app, most specific first, each with a distinct bound. */
    private static Map<ClientQuotaEntity, Double> allLevels() {
        Map<ClientQuotaEntity, Double> levels = new LinkedHashMap<>();
        levels.put(entity("alice", true, "app", true), 1.0);
        levels.put(entity("alice", true, null, true), 2.0);
        levels.put(entity("alice", true, null, false), 3.0);
        levels.put(entity(null, true, "app", true), 4.0);
        levels.put(entity(null, true, null, true), 5.0);
        levels.put(entity(null, true, null, false), 6.0);
        levels.put(entity(null, false, "app", true), 7.0);
        levels.put(entity(null, false, null, true), 8.0);
        return levels;
    }

    @Test
    void shouldPickTheMostSpecificEntityWhenSeveralApply() {
        // given
        Map<ClientQuotaEntity, Double> levels = allLevels();
        double expected = 1.0;
        for (ClientQuotaEntity removed : levels.keySet().stream().toList()) {
            Map<ClientQuotaEntity, Map<String, Double>> quotas = new HashMap<>();
            levels.forEach((entity, bound) -> quotas.put(entity, Map.of(KEY, bound)));

            // when
            QuotaResolver.Resolved resolved = QuotaResolver.resolve(quotas, KEY, "alice", "app");

            // then
            assertThat(resolved.bound()).isEqualTo(expected);
            levels.remove(removed);
            expected++;
        }
        assertThat(QuotaResolver.resolve(Map.of(), KEY, "alice", "app")).isNull();
    }

    @Test
    void shouldMeasureUnderTheNamesTheEntityHasWhenResolvingDefaults() {
        // given
        Map<ClientQuotaEntity, Map<String, Double>> userDefault = Map.of(entity(null, true, null, false), Map.of(KEY, 1.0));
        Map<ClientQuotaEntity, Map<String, Double>> clientDefault = Map.of(entity(null, false, null, true), Map.of(KEY, 1.0));
        Map<ClientQuotaEntity, Map<String, Double>> both = Map.of(entity("alice", true, null, true), Map.of(KEY, 1.0));

        // when / then
        assertThat(QuotaResolver.resolve(userDefault, KEY, "alice", "app"))
                .isEqualTo(new QuotaResolver.Resolved(1.0, "alice", ""));
        assertThat(QuotaResolver.resolve(clientDefault, KEY, "alice", "app"))
                .isEqualTo(new QuotaResolver.Resolved(1.0, "", "app"));
        assertThat(QuotaResolver.resolve(both, KEY, "alice", "app"))
                .isEqualTo(new QuotaResolver.Resolved(1.0, "alice", "app"));
    }

    @Test
    void shouldIgnoreEntitiesWithoutTheKeyWhenResolving() {
        // given
        Map<ClientQuotaEntity, Map<String, Double>> quotas = Map.of(
                entity("alice", true, "app", true), Map.of(QuotaKeys.CONSUMER_BYTE_RATE, 1.0),
                entity(null, false, "app", true), Map.of(KEY, 9.0));

        // when
        QuotaResolver.Resolved resolved = QuotaResolver.resolve(quotas, KEY, "alice", "app");

        // then
        assertThat(resolved).isEqualTo(new QuotaResolver.Resolved(9.0, "", "app"));
    }
}
