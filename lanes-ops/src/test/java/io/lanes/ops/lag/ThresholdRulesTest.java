package io.lanes.ops.lag;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert thresholds with their defaults. */
class ThresholdRulesTest {
    private static final LagThresholds SEED = LagThresholds.DEFAULTS;

    @Test
    void shouldWarnWhenLagAboveTenThousandAndGrowing() {
        // when
        Alert alert = ThresholdRules.evaluate(List.of(new LagPoint(0, 9_000), new LagPoint(60_000, 10_001)), SEED);

        // then
        assertThat(alert.level()).isEqualTo(Alert.Level.WARNING);
    }

    @Test
    void shouldNotWarnWhenLagAboveTenThousandButShrinking() {
        // when
        Alert alert = ThresholdRules.evaluate(List.of(new LagPoint(0, 20_000), new LagPoint(60_000, 15_000)), SEED);

        // then
        assertThat(alert.level()).isEqualTo(Alert.Level.NONE);
    }

    @Test
    void shouldBeCriticalWhenLagAboveOneHundredThousand() {
        // when
        Alert alert = ThresholdRules.evaluate(List.of(new LagPoint(0, 200_000), new LagPoint(60_000, 100_001)), SEED);

        // then
        assertThat(alert.level()).isEqualTo(Alert.Level.CRITICAL);
        assertThat(alert.asStatus()).isEqualTo(LagStatus.ERR);
    }

    @Test
    void shouldBeEmergencyWhenGrowthAboveFiveThousandPerMinuteForTenMinutes() {
        // given: 5,001 a minute for exactly 10 minutes
        var history = List.of(new LagPoint(0, 0), new LagPoint(300_000, 25_000), new LagPoint(600_000, 50_010));

        // when
        Alert alert = ThresholdRules.evaluate(history, SEED);

        // then
        assertThat(alert.level()).isEqualTo(Alert.Level.EMERGENCY);
    }

    @Test
    void shouldNotBeEmergencyWhenTheFastGrowthLastedLessThanTheDuration() {
        // given: 9 minutes of fast growth only
        var history = List.of(new LagPoint(0, 0), new LagPoint(540_000, 60_000));

        // when
        Alert alert = ThresholdRules.evaluate(history, SEED);

        // then
        assertThat(alert.level()).isEqualTo(Alert.Level.WARNING);
    }

    @Test
    void shouldUseConfiguredThresholdsWhenGiven() {
        // given
        var thresholds = new LagThresholds(5, 1_000, 60, Duration.ofSeconds(2));

        // when
        Alert alert = ThresholdRules.evaluate(List.of(new LagPoint(0, 0), new LagPoint(2_000, 10)), thresholds);

        // then: 10 in 2 s is 300 a minute, over the configured 60
        assertThat(alert.level()).isEqualTo(Alert.Level.EMERGENCY);
    }
}
