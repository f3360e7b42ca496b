package io.lanes.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LanesCliTest {

    @Test
    void shouldBuildOnlyTheNamedSubcommandWhenTheFirstArgumentNamesOne() {
        // given
        String[] args = {"server", "--port", "9092"};

        // when
        CommandLine cli = LanesCli.commandLine(args);

        // then
        assertThat(cli.getSubcommands()).containsOnlyKeys("server");
        assertThat(cli.getSubcommands().get("server").getCommandSpec().qualifiedName()).isEqualTo("lanes server");
    }

    @Test
    void shouldBuildEverySubcommandWhenNoneIsNamed() {
        // given
        String[][] argLists = {{}, {"--help"}, {"help", "server"}, {"nonsense"}};

        for (String[] args : argLists) {
            // when
            CommandLine cli = LanesCli.commandLine(args);

            // then
            assertThat(cli.getSubcommands()).as(String.join(" ", args))
                    .containsOnlyKeys(LanesCli.subcommands().keySet());
        }
    }

    @Test
    void shouldNameEachSubcommandAsItsOwnAnnotationDoesWhenRegistered() {
        // given
        Map<String, Class<?>> subcommands = LanesCli.subcommands();

        for (Map.Entry<String, Class<?>> entry : subcommands.entrySet()) {
            // when
            CommandLine.Command command = entry.getValue().getAnnotation(CommandLine.Command.class);

            // then
            assertThat(command.name()).as(entry.getValue().getName()).isEqualTo(entry.getKey());
        }
    }

    @Test
    void shouldReportAnUnknownOptionOfTheNamedSubcommandWithItsFullNameWhenOnlyItIsBuilt() {
        // given
        String[] args = {"server", "--no-such-option"};
        StringWriter err = new StringWriter();

        // when
        int exit = LanesCli.commandLine(args).setErr(new PrintWriter(err)).execute(args);

        // then
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("lanes server: Unknown option: '--no-such-option'");
    }
}
