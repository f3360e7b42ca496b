package io.lanes.ops.plan;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeadroomTest {

    @ParameterizedTest
    @CsvSource({"20%, 0.2, 20%", "0.2, 0.2, 20%", "12.5%, 0.125, 12.5%", "0, 0, 0%", "150%, 1.5, 150%", "1, 1, 100%"})
    void shouldReadPercentOrFractionWhenWrittenEitherWay(String text, String fraction, String shown) {
        // when
        Headroom headroom = Headroom.parse(text);

        // then
        assertThat(headroom.fraction()).isEqualByComparingTo(new BigDecimal(fraction));
        assertThat(headroom).hasToString(shown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5%", "-0.1", "abc", "", "%", "20"})
    void shouldRefuseWhenNegativeNotANumberOrAmbiguous(String text) {
        // when / then
        assertThatThrownBy(() -> Headroom.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("headroom");
    }
}
