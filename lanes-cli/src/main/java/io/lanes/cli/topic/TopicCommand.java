package io.lanes.cli.topic;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lanes topic <verb>}: topics of any Kafka cluster. */
@Command(name = "topic", mixinStandardHelpOptions = true,
        description = "Topics of any Kafka cluster (Lanes or Apache Kafka).",
        subcommands = {TopicListCommand.class, TopicDescribeCommand.class, TopicCreateCommand.class,
                TopicAlterConfigCommand.class, TopicAddPartitionsCommand.class, TopicDeleteCommand.class})
public final class TopicCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
