package io.lanes.broker.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientQuotasTest {

    @TempDir
    Path dataDir;

    /** One instant for every record: the rates below do not depend on the clock moving. */
    private final long now = System.currentTimeMillis();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ClientQuotaStore store;
    private ClientQuotas quotas;

    @BeforeEach
    void setUp() {
        store = ClientQuotaStore.load(dataDir);
        quotas = new ClientQuotas(store, 11, 1, registry, Time.SYSTEM);
    }

    @AfterEach
    void tearDown() {
        quotas.close();
    }

    @Test
    void shouldNotThrottleWhenClientHasNoQuota() {
        // given
        store.change(Map.of(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "other")),
                Map.of(QuotaKeys.PRODUCER_BYTE_RATE, 100.0)));

        // when
        int throttle = quotas.record(QuotaType.PRODUCE, "ANONYMOUS", "free", 1_000_000, now);

        // then
        assertThat(throttle).isZero();
        assertThat(quotas.limits(QuotaType.PRODUCE)).isTrue();
        assertThat(quotas.limits(QuotaType.FETCH)).isFalse();
    }

    @Test
    void shouldThrottleForTheTimeTheRateNeedsToFallBackWhenOverQuota() {
        // given 1000 B/s over 11 one-second samples: the first 10 s allow 10,000 B
        store.change(Map.of(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "app")),
                Map.of(QuotaKeys.PRODUCER_BYTE_RATE, 1000.0)));

        // when
        int within = quotas.record(QuotaType.PRODUCE, "ANONYMOUS", "app", 10_000, now);
        int over = quotas.record(QuotaType.PRODUCE, "ANONYMOUS", "app", 5_000, now);

        // then: 15,000 B over a 10 s window is 1,500 B/s, 50% over: 5 s of silence brings it back
        assertThat(within).isZero();
        assertThat(over).isEqualTo(5_000);
    }

    @Test
    void shouldShareOneRateWhenClientsResolveToTheSameUserEntity() {
        // given
        store.change(Map.of(new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, "alice")),
                Map.of(QuotaKeys.CONSUMER_BYTE_RATE, 1000.0)));

        // when
        int first = quotas.record(QuotaType.FETCH, "alice", "one", 10_000, now);
        int second = quotas.record(QuotaType.FETCH, "alice", "two", 1_000, now);
        int otherUser = quotas.record(QuotaType.FETCH, "bob", "two", 1_000, now);

        // then
        assertThat(first).isZero();
        assertThat(second).isEqualTo(1_000);
        assertThat(otherUser).isZero();
    }

    @Test
    void shouldCapRequestThrottleAtOneSampleWhenFarOverRequestQuota() {
        // given
        store.change(Map.of(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "busy")),
                Map.of(QuotaKeys.REQUEST_PERCENTAGE, 1.0)));

        // when: 5 s of handler time against 1% of one thread
        int throttle = quotas.record(QuotaType.REQUEST, "ANONYMOUS", "busy", ClientQuotas.percent(5_000_000_000L),
                now);

        // then
        assertThat(throttle).isEqualTo(1_000);
    }

    @Test
    void shouldApplyAlteredBoundWhenQuotaChanges() {
        // given
        ClientQuotaEntity app = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "app"));
        store.change(Map.of(app, Map.of(QuotaKeys.PRODUCER_BYTE_RATE, 1000.0)));
        quotas.record(QuotaType.PRODUCE, "ANONYMOUS", "app", 9_000, now);

        // when
        store.change(Map.of(app, Map.of(QuotaKeys.PRODUCER_BYTE_RATE, 100.0)));
        int throttle = quotas.record(QuotaType.PRODUCE, "ANONYMOUS", "app", 1_000, now);

        // then: 10,000 B over 10 s is 1,000 B/s, 10x the new bound
        assertThat(throttle).isEqualTo(90_000);
    }

    @Test
    void shouldCapFetchSizeAtTheWindowAllowanceWhenClientHasFetchQuota() {
        // given
        store.change(Map.of(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "reader")),
                Map.of(QuotaKeys.CONSUMER_BYTE_RATE, 1000.0)));

        // when / then
        assertThat(quotas.maxValueInWindow(QuotaType.FETCH, "ANONYMOUS", "reader")).isEqualTo(10_000);
        assertThat(quotas.maxValueInWindow(QuotaType.FETCH, "ANONYMOUS", "free")).isEqualTo(Long.MAX_VALUE);
    }
}
