package io.lanes.ops.skew;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SampleQuotasTest {

    @Test
    void shouldSplitInProportionAndAddUpToTheSizeWhenThereAreEnoughRecords() {
        // when
        Map<Integer, Long> quotas = SampleQuotas.proportional(Map.of(0, 500L, 1, 300L, 2, 200L, 3, 0L), 100);

        // then
        assertThat(quotas).containsEntry(0, 50L).containsEntry(1, 30L).containsEntry(2, 20L).containsEntry(3, 0L);
    }

    @Test
    void shouldTakeEverythingWhenTheTopicIsSmallerThanTheSample() {
        // when
        Map<Integer, Long> quotas = SampleQuotas.proportional(Map.of(0, 5L, 1, 3L), 10_000);

        // then
        assertThat(quotas).containsEntry(0, 5L).containsEntry(1, 3L);
    }

    @Test
    void shouldHandOutRemaindersSoQuotasAddUpWhenSharesAreFractional() {
        // when
        Map<Integer, Long> quotas = SampleQuotas.proportional(Map.of(0, 1L, 1, 1L, 2, 1L), 2);

        // then
        assertThat(quotas.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
        assertThat(quotas.values()).allMatch(q -> q <= 1);
    }
}
