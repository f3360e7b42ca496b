package io.lanes.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The jar's logging: its line layout, its levels from system properties, and the demo's temporary quieting. */
class JulLoggingTest {

    @Test
    void shouldWriteOneLineWithTimeSlf4jLevelAndSimpleLoggerNameWhenAnEventIsFormatted() {
        // given
        LogRecord record = new LogRecord(Level.WARNING, "disk is slow");
        record.setLoggerName("io.lanes.storage.Segment");

        // when
        String line = new LineFormatter().format(record);

        // then
        assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  Segment - disk is slow" + System.lineSeparator());
    }

    @Test
    void shouldWriteTheEventsLocalTimeOfDayAsJavaTimeFormatsIt() {
        // given: instants around midnight, noon and a time-zone's offset, in the JVM's default zone
        DateTimeFormatter expected = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
        for (long millis : new long[] {0L, 1L, 999L, 43_200_007L, 86_399_999L, 1_781_162_099_595L, -1L}) {
            StringBuilder line = new StringBuilder();

            // when
            LineFormatter.appendLocalTime(line, millis);

            // then
            assertThat(line.toString()).as("%d ms", millis).isEqualTo(expected.format(
                    LocalTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault())));
        }
    }

    @Test
    void shouldAppendTheStackTraceWhenTheEventCarriesAThrowable() {
        // given
        LogRecord record = new LogRecord(Level.SEVERE, "append failed");
        record.setLoggerName("io.lanes.broker.Produce");
        record.setThrown(new IllegalStateException("boom"));

        // when
        String text = new LineFormatter().format(record);

        // then
        assertThat(text).contains(" ERROR Produce - append failed").contains("java.lang.IllegalStateException: boom")
                .contains("at io.lanes.cli.logging.JulLoggingTest");
    }

    @Test
    void shouldNameJulLevelsAsSlf4jDoesWhenTheBindingLoggedThem() {
        assertThat(LineFormatter.levelName(LogLevels.of(org.slf4j.event.Level.ERROR))).isEqualTo("ERROR");
        assertThat(LineFormatter.levelName(LogLevels.of(org.slf4j.event.Level.WARN))).isEqualTo("WARN");
        assertThat(LineFormatter.levelName(LogLevels.of(org.slf4j.event.Level.INFO))).isEqualTo("INFO");
        assertThat(LineFormatter.levelName(LogLevels.of(org.slf4j.event.Level.DEBUG))).isEqualTo("DEBUG");
        assertThat(LineFormatter.levelName(LogLevels.of(org.slf4j.event.Level.TRACE))).isEqualTo("TRACE");
    }

    @Test
    void shouldKeepTheDefaultsAndApplyOverridesWhenSystemPropertiesSetLevels() {
        // given
        Properties properties = new Properties();
        properties.setProperty("lanes.log.level", "warn");
        properties.setProperty("lanes.log.level.io.lanes.storage", "debug");
        properties.setProperty("lanes.log.level.io.lanes.broker", "off");
        properties.setProperty("unrelated", "x");

        // when
        LogLevels levels = LogLevels.from(properties);

        // then
        assertThat(levels.byPrefix()).containsEntry("", Level.WARNING)
                .containsEntry("io.lanes.storage", Level.FINE)
                .containsEntry("io.lanes.broker", Level.OFF)
                .containsEntry("org.apache.kafka", Level.SEVERE)
                .containsEntry("io.netty", Level.WARNING)
                .hasSize(5);
    }

    @Test
    void shouldRefuseWithTheAllowedNamesWhenALevelIsUnknown() {
        Properties properties = new Properties();
        properties.setProperty("lanes.log.level.io.lanes", "loud");

        assertThatThrownBy(() -> LogLevels.from(properties)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a log level: 'loud' (trace, debug, info, warn, error, off)");
    }

    @Test
    void shouldQuietLoggersUnderAPrefixUntilClosedWhenTheDemoAsks() {
        // given
        Logger parent = Logger.getLogger("test.quiet");
        parent.setLevel(Level.INFO);
        Logger child = Logger.getLogger("test.quiet.Child");

        // when
        boolean infoBefore = child.isLoggable(Level.INFO);
        boolean infoWhileQuiet;
        boolean warnWhileQuiet;
        try (LevelOverride quiet = JulLogging.atLeast("test.quiet", org.slf4j.event.Level.WARN)) {
            infoWhileQuiet = child.isLoggable(Level.INFO);
            warnWhileQuiet = child.isLoggable(Level.WARNING);
        }

        // then
        assertThat(infoBefore).isTrue();
        assertThat(infoWhileQuiet).isFalse();
        assertThat(warnWhileQuiet).isTrue();
        assertThat(child.isLoggable(Level.INFO)).isTrue();
        assertThat(parent.getLevel()).isEqualTo(Level.INFO);
    }
}
