package io.lanes.ops.plan;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionPlannerTest {

    @Test
    void shouldReproduceTheSeedExampleWhenPeakIs50000AndConsumersDo2000() {
        // given
        PlanInput peak = PlanInput.given(new BigDecimal("50000"));
        PlanInput perConsumer = PlanInput.given(new BigDecimal("2000"));

        // when
        PartitionPlan plan = PartitionPlanner.plan(peak, perConsumer, Headroom.parse("20%"));

        // then
        assertThat(plan.minimum()).isEqualTo(25);
        assertThat(plan.recommended()).isEqualTo(30); // 25 * 1.2 in binary floating point would round up to 31
        assertThat(plan.extraPartitions()).isEqualTo(5);
        assertThat(plan.minimumRule()).isEqualTo("ceil(peak rate / per-consumer rate) = ceil(50000 / 2000)");
        assertThat(plan.recommendedRule()).isEqualTo("ceil(minimum * (1 + headroom)) = ceil(25 * 1.2)");
        assertThat(plan.busyAtPeakPercent()).isCloseTo(83.33, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void shouldRoundUpWhenTheRatesDoNotDivide() {
        // given
        PlanInput peak = PlanInput.given(new BigDecimal("1001"));
        PlanInput perConsumer = PlanInput.given(new BigDecimal("100"));

        // when
        PartitionPlan plan = PartitionPlanner.plan(peak, perConsumer, Headroom.parse("0.25"));

        // then
        assertThat(plan.minimum()).isEqualTo(11);
        assertThat(plan.recommended()).isEqualTo(14); // ceil(13.75)
    }

    @Test
    void shouldNeedOnePartitionWhenOneConsumerKeepsUp() {
        // given
        PlanInput peak = PlanInput.given(new BigDecimal("10"));
        PlanInput perConsumer = PlanInput.given(new BigDecimal("2000"));

        // when
        PartitionPlan plan = PartitionPlanner.plan(peak, perConsumer, Headroom.parse("0%"));

        // then
        assertThat(plan.minimum()).isEqualTo(1);
        assertThat(plan.recommended()).isEqualTo(1);
    }
}
