package io.lanes.cli.group;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lanes group <verb>}: consumer groups of any Kafka cluster. */
@Command(name = "group", mixinStandardHelpOptions = true,
        description = "Consumer groups of any Kafka cluster (Lanes or Apache Kafka), classic and consumer protocol.",
        subcommands = {GroupListCommand.class, GroupDescribeCommand.class, GroupResetOffsetsCommand.class,
                GroupDeleteCommand.class})
public final class GroupCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
