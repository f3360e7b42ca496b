package io.lanes.cli.logging;

import io.lanes.cli.logging.slf4j.StaticLoggerBinder;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StderrLoggerFactoryTest {
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(written, true, StandardCharsets.UTF_8);

    private StderrLoggerFactory factory(Properties properties) {
        return new StderrLoggerFactory(LogLevels.from(properties), () -> stream);
    }

    private String output() {
        return written.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteTimeLevelSimpleNameAndFormattedMessageWhenAnEventIsLogged() {
        // given
        Logger logger = factory(new Properties()).getLogger("io.lanes.broker.LanesBroker");

        // when
        logger.info("listening on {} with data in {}", "127.0.0.1:9092", "/data");
        logger.warn("port {} taken", 8090);

        // then
        assertThat(output().lines().toList()).satisfiesExactly(
                line -> assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  LanesBroker - listening on "
                        + "127\\.0\\.0\\.1:9092 with data in /data"),
                line -> assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  LanesBroker - port 8090 taken"));
    }

    @Test
    void shouldWriteTheStackTraceBelowTheLineWhenTheLastArgumentIsAThrowable() {
        // given
        Logger logger = factory(new Properties()).getLogger("io.lanes.Example");

        // when
        logger.error("could not read {}", "segment", new IllegalStateException("broken index"));

        // then
        assertThat(output()).contains("ERROR Example - could not read segment" + System.lineSeparator()
                + "java.lang.IllegalStateException: broken index");
        assertThat(output().lines().filter(l -> l.startsWith("\tat ")).count()).isPositive();
    }

    @Test
    void shouldLogAtTheLevelOfTheLongestPrefixWhenDefaultsApply() {
        // given
        StderrLoggerFactory factory = factory(new Properties());
        Logger client = factory.getLogger("org.apache.kafka.clients.NetworkClient");
        Logger netty = factory.getLogger("io.netty.channel.DefaultChannelPipeline");
        Logger lanes = factory.getLogger("io.lanes.broker.LanesBroker");

        // when
        client.warn("retrying");
        client.error("client failed");
        netty.info("netty info");
        netty.warn("netty warning");
        lanes.debug("lanes debug");
        lanes.info("lanes info");

        // then
        assertThat(output()).doesNotContain("retrying", "netty info", "lanes debug")
                .contains("client failed", "netty warning", "lanes info");
        assertThat(client.isWarnEnabled()).isFalse();
        assertThat(lanes.isInfoEnabled()).isTrue();
        assertThat(lanes.isDebugEnabled()).isFalse();
    }

    @Test
    void shouldTakeRootAndPrefixLevelsFromPropertiesWhenSet() {
        // given
        Properties properties = new Properties();
        properties.setProperty("lanes.log.level", "warn");
        properties.setProperty("lanes.log.level.io.lanes.storage", "DEBUG");
        properties.setProperty("lanes.log.level.io.netty", "off");
        StderrLoggerFactory factory = factory(properties);

        // when
        factory.getLogger("io.lanes.broker.LanesBroker").info("broker info");
        factory.getLogger("io.lanes.storage.PartitionLog").debug("storage debug");
        factory.getLogger("io.netty.Bootstrap").error("netty error");

        // then
        assertThat(output()).doesNotContain("broker info", "netty error").contains("storage debug");
    }

    @Test
    void shouldRefuseAnUnknownLevelWhenPropertiesNameOne() {
        // given
        Properties properties = new Properties();
        properties.setProperty("lanes.log.level", "loud");

        // when / then
        assertThatThrownBy(() -> LogLevels.from(properties)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loud");
    }

    @Test
    void shouldQuietLoggersUnderAPrefixUntilTheOverrideIsClosed() {
        // given
        StderrLoggerFactory factory = factory(new Properties());
        Logger broker = factory.getLogger("io.lanes.broker.LanesBroker");

        // when
        try (LevelOverride quiet = factory.atLeast("io.lanes", Level.WARN)) {
            broker.info("while quiet");
            broker.warn("warning while quiet");
            factory.getLogger("io.lanes.storage.New").info("new logger while quiet");
        }
        broker.info("after");

        // then
        assertThat(output()).doesNotContain("INFO  LanesBroker - while quiet", "new logger while quiet")
                .contains("WARN  LanesBroker - warning while quiet", "INFO  LanesBroker - after");
    }

    @Test
    void shouldLeaveAMoreSevereLevelAloneWhenAnOverrideAsksForLess() {
        // given
        StderrLoggerFactory factory = factory(new Properties());
        Logger client = factory.getLogger("org.apache.kafka.clients.NetworkClient");

        // when
        try (LevelOverride quiet = factory.atLeast("org.apache.kafka", Level.WARN)) {
            client.warn("client warning");
        }
        client.warn("client warning after");

        // then
        assertThat(output()).isEmpty();
    }

    @Test
    void shouldHandSlf4jTheStderrLoggersWhenItAsksTheBinding() {
        // when
        StaticLoggerBinder binder = StaticLoggerBinder.getSingleton();

        // then
        assertThat(binder.getLoggerFactory()).isInstanceOf(StderrLoggerFactory.class);
        assertThat(binder.getLoggerFactoryClassStr()).isEqualTo(StderrLoggerFactory.class.getName());
        assertThat(StaticLoggerBinder.REQUESTED_API_VERSION).startsWith("1.6");
    }
}
