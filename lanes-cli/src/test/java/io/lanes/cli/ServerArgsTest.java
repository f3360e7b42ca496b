package io.lanes.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ServerArgsTest {

    /** What picocli makes of {@code args} (the server command's fields), or null when it refuses them. */
    private static ServerCommand picocli(String[] args) {
        ServerCommand command = new ServerCommand();
        try {
            new CommandLine(command).parseArgs(Arrays.copyOfRange(args, 1, args.length));
            return command;
        } catch (CommandLine.ParameterException e) {
            return null;
        }
    }

    private static List<Object> fields(ServerCommand command) {
        return Arrays.asList(command.port, command.host, command.dataDir, command.configFile, command.overrides,
                command.exitAfterStart);
    }

    @Test
    void shouldFillTheServerCommandAsPicocliDoesWhenTheLineIsPlain() {
        // given
        String[][] lines = {
                {"server"},
                {"server", "--port", "9092", "--data-dir", "/tmp/lanes data"},
                {"server", "--port=9093", "--host=0.0.0.0", "--config", "server.properties"},
                {"server", "--set", "lanes.durability=page-cache", "--set=log.retention.ms=1000", "--set", "a=b=c"},
                {"server", "--data-dir", "d", "--exit-after-start", "--set", "lanes.schema.registry.port=0"},
        };
        for (String[] line : lines) {
            // when
            Optional<ServerCommand> fast = ServerArgs.parse(line);

            // then
            ServerCommand expected = picocli(line);
            assertThat(expected).as("picocli takes " + Arrays.toString(line)).isNotNull();
            assertThat(fast).as(Arrays.toString(line)).isPresent();
            assertThat(fields(fast.get())).as(Arrays.toString(line)).isEqualTo(fields(expected));
        }
    }

    @Test
    void shouldLeaveTheLineToPicocliWhenItIsNotPlain() {
        // given: help, version, unknown, repeated, malformed or missing values, an @file, another command
        String[][] lines = {
                {"server", "--help"}, {"server", "-h"}, {"server", "--version"}, {"server", "--verbose"},
                {"server", "--port", "9092", "--port", "9093"}, {"server", "--port", "ninety"}, {"server", "--port"},
                {"server", "--set", "novalue"}, {"server", "--set", "=v"}, {"server", "--exit-after-start=true"},
                {"server", "--exit-after-start", "--exit-after-start"}, {"server", "--data-dir", "--port"},
                {"server", "@options.txt"}, {"server", "--host="}, {"server", "extra"}, {"topic", "list"}, {},
        };
        for (String[] line : lines) {
            // when
            Optional<ServerCommand> fast = ServerArgs.parse(line);

            // then
            assertThat(fast).as(Arrays.toString(line)).isEmpty();
        }
    }
}
