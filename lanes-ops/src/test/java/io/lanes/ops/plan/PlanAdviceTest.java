package io.lanes.ops.plan;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlanAdviceTest {
    private final PartitionPlan plan = PartitionPlanner.plan(PlanInput.given(new BigDecimal("50000")),
            PlanInput.given(new BigDecimal("2000")), Headroom.parse("20%"));

    @Test
    void shouldWarnWhenFewerThan1000Keys() {
        // when
        List<String> warnings = PlanAdvice.warnings(plan, KeySpace.given(500), null, 0);

        // then
        assertThat(warnings).singleElement().asString().startsWith("only 500 distinct keys (under 1,000)");
    }

    @Test
    void shouldWarnOfEmptyPartitionsWhenFewerKeysThanPartitions() {
        // when
        List<String> warnings = PlanAdvice.warnings(plan, KeySpace.given(12), null, 0);

        // then
        assertThat(warnings).singleElement().asString()
                .startsWith("only 12 distinct keys for 30 partitions: at least 18 partitions would get no records");
    }

    @Test
    void shouldNotWarnWhenTheKeySpaceIsLarge() {
        // when
        List<String> warnings = PlanAdvice.warnings(plan, KeySpace.given(1000), null, 0);

        // then
        assertThat(warnings).isEmpty();
    }

    @Test
    void shouldWarnThatKeysRemapWhenAKeyedTopicNeedsMorePartitions() {
        // when
        List<String> warnings = PlanAdvice.warnings(plan, KeySpace.given(100_000), "orders", 12);

        // then
        assertThat(warnings).singleElement().asString().startsWith("orders has 12 partitions: adding partitions to a "
                + "keyed topic remaps keys").contains("per-key order across the change is lost");
    }

    @Test
    void shouldNotWarnOfRemappingWhenTheTopicHasNoKeys() {
        // when
        List<String> warnings = PlanAdvice.warnings(plan, new KeySpace(0, "counted", false), "logs", 12);

        // then
        assertThat(warnings).isEmpty();
    }
}
