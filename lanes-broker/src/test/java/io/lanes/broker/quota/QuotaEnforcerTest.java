package io.lanes.broker.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuotaEnforcerTest {
    private static final KafkaPrincipal ALICE = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "alice");

    @TempDir
    Path dataDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ClientQuotaStore store;
    private ClientQuotas quotas;
    private QuotaEnforcer enforcer;

    @BeforeEach
    void setUp() {
        store = ClientQuotaStore.load(dataDir);
        quotas = new ClientQuotas(store, 11, 1, registry, Time.SYSTEM);
        enforcer = new QuotaEnforcer(quotas);
    }

    @AfterEach
    void tearDown() {
        quotas.close();
    }

    private void quota(String type, String name, String key, double value) {
        store.change(Map.of(new ClientQuotaEntity(Map.of(type, name)), Map.of(key, value)));
    }

    private double throttled(QuotaType type) {
        DistributionSummary summary = registry.find("kafka.server.quota.throttle.time")
                .tag("quota", type.metricGroup()).summary();
        return summary.totalAmount();
    }

    @Test
    void shouldMeasureNothingWhenNoQuotaIsSet() {
        // when
        QuotaEnforcer.Charge charge = enforcer.begin(ApiKeys.PRODUCE, ALICE, "app", new ProduceRequestData());

        // then
        assertThat(charge).isNull();
        assertThat(QuotaEnforcer.NONE.begin(ApiKeys.PRODUCE, ALICE, "app", new ProduceRequestData())).isNull();
    }

    @Test
    void shouldThrottleAndSetThrottleTimeWhenUserIsOverRequestPercentage() throws Exception {
        // given a millionth of a thread's time: any handling is over it
        quota(ClientQuotaEntity.USER, "alice", QuotaKeys.REQUEST_PERCENTAGE, 0.0001);
        MetadataRequestData request = new MetadataRequestData();

        // when
        QuotaEnforcer.Charge charge = enforcer.begin(ApiKeys.METADATA, ALICE, "app", request);
        Thread.sleep(5);
        enforcer.handled(charge, 100, request);
        ApiMessage response = enforcer.beforeSend(charge, new MetadataResponseData(), (short) 12);

        // then: capped at one sample window, as Kafka caps request-time throttles
        assertThat(charge.throttleMs()).isBetween(1, 1_000);
        assertThat(((MetadataResponseData) response).throttleTimeMs()).isEqualTo(charge.throttleMs());
        assertThat(throttled(QuotaType.REQUEST)).isEqualTo(charge.throttleMs());
    }

    @Test
    void shouldChargeRequestSizeAndSetThrottleTimeWhenProducerIsOverItsQuota() {
        // given
        quota(ClientQuotaEntity.CLIENT_ID, "app", QuotaKeys.PRODUCER_BYTE_RATE, 100);
        ProduceRequestData request = new ProduceRequestData().setAcks((short) -1);

        // when: 2,000 B against 100 B/s over a 10 s window
        QuotaEnforcer.Charge charge = enforcer.begin(ApiKeys.PRODUCE, ALICE, "app", request);
        enforcer.handled(charge, 2_000, request);
        ApiMessage response = enforcer.beforeSend(charge, new ProduceResponseData(), (short) 11);

        // then
        assertThat(charge.throttleMs()).isBetween(9_900, 10_000);
        assertThat(((ProduceResponseData) response).throttleTimeMs()).isEqualTo(charge.throttleMs());
        assertThat(throttled(QuotaType.PRODUCE)).isEqualTo(charge.throttleMs());
    }

    @Test
    void shouldMuteWithoutResponseWhenProduceWithoutAcksIsOverQuota() {
        // given
        quota(ClientQuotaEntity.CLIENT_ID, "app", QuotaKeys.PRODUCER_BYTE_RATE, 100);
        ProduceRequestData request = new ProduceRequestData().setAcks((short) 0);

        // when
        QuotaEnforcer.Charge charge = enforcer.begin(ApiKeys.PRODUCE, ALICE, "app", request);
        enforcer.handled(charge, 2_000, request);
        ApiMessage response = enforcer.beforeSend(charge, null, (short) 11);

        // then
        assertThat(response).isNull();
        assertThat(charge.throttleMs()).isPositive();
    }

    @Test
    void shouldAnswerEmptyAndCapMaxBytesWhenFetchIsOverConsumerQuota() {
        // given
        quota(ClientQuotaEntity.CLIENT_ID, "reader", QuotaKeys.CONSUMER_BYTE_RATE, 100);
        FetchRequestData request = new FetchRequestData().setMaxBytes(50 * 1024 * 1024);
        MemoryRecords records = MemoryRecords.withRecords(org.apache.kafka.common.compress.Compression.NONE,
                new SimpleRecord(new byte[2_000]));
        FetchResponseData full = new FetchResponseData().setResponses(java.util.List.of(
                new FetchResponseData.FetchableTopicResponse().setTopic("t").setPartitions(java.util.List.of(
                        new FetchResponseData.PartitionData().setPartitionIndex(0).setRecords(records)))));

        // when
        QuotaEnforcer.Charge charge = enforcer.begin(ApiKeys.FETCH, ALICE, "reader", request);
        enforcer.handled(charge, 100, request);
        FetchResponseData sent = (FetchResponseData) enforcer.beforeSend(charge, full, (short) 12);
        QuotaEnforcer.Charge next = enforcer.begin(ApiKeys.FETCH, ALICE, "reader", new FetchRequestData());
        enforcer.handled(next, 100, request);
        FetchResponseData small = (FetchResponseData) enforcer.beforeSend(next, new FetchResponseData(), (short) 12);

        // then: the records were not sent, nor charged (an empty response fits the quota at once)
        assertThat(request.maxBytes()).isEqualTo(1_000);
        assertThat(sent.responses()).isEmpty();
        assertThat(sent.throttleTimeMs()).isPositive().isEqualTo(charge.throttleMs());
        assertThat(small.throttleTimeMs()).isZero();
        assertThat(throttled(QuotaType.FETCH)).isEqualTo(charge.throttleMs());
    }
}
