package io.lanes.cli.topic;

import io.lanes.cli.command.ClusterOptions;
import io.lanes.cli.command.OutputOptions;
import io.lanes.cli.command.Printer;
import io.lanes.ops.topics.TopicChanges;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code lanes topic delete TOPIC}. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a topic and its records.")
public final class TopicDeleteCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "TOPIC", description = "The topic.")
    String topic;

    @Override
    public Integer call() throws Exception {
        try (Admin admin = Admin.create(cluster.clientConfig())) {
            new TopicChanges(admin, cluster.timeout()).delete(topic);
        }
        Printer printer = new Printer(spec.commandLine().getOut(), output.format());
        printer.line("Deleted topic " + topic + ".");
        if (printer.json()) {
            printer.printJson(Map.of("topic", topic, "deleted", true));
        }
        return 0;
    }
}
