package io.lanes.cli.command;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void shouldReadSecondsMillisecondsMinutesAndIsoWhenGivenThem() {
        assertThat(converter.convert("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(converter.convert("0")).isEqualTo(Duration.ZERO);
        assertThat(converter.convert("PT3S")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void shouldRejectWhatIsNotADurationWhenParsing() {
        assertThatThrownBy(() -> converter.convert("soon")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("-5s")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("-5ms")).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @Test
    void shouldRejectZeroButReadTheSameFormatWhenOnlyPositiveIsAllowed() {
        // given
        DurationConverter positive = new DurationConverter.Positive();

        // when / then
        assertThat(positive.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(positive.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(positive.convert("1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> positive.convert("0")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("above zero");
        assertThatThrownBy(() -> positive.convert("0ms")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> positive.convert("soon")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
