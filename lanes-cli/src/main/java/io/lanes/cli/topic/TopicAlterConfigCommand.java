package io.lanes.cli.topic;

import io.lanes.cli.command.Inputs;
import io.lanes.cli.command.ClusterOptions;
import io.lanes.cli.command.CommandFailure;
import io.lanes.cli.command.OutputOptions;
import io.lanes.cli.command.Printer;
import io.lanes.ops.topics.TopicChanges;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code lanes topic alter-config TOPIC --set k=v... --delete k...}: one incremental change, applied
 * whole or not at all (the cluster validates names and values).
 */
@Command(name = "alter-config", mixinStandardHelpOptions = true,
        description = "Set topic configs and/or delete them (back to the default), in one change.")
public final class TopicAlterConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "TOPIC", description = "The topic.")
    String topic;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Set a config (repeatable).")
    List<String> set = new ArrayList<>();

    @Option(names = "--delete", paramLabel = "NAME", description = "Delete a config override (repeatable).")
    List<String> delete = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Map<String, String> toSet = Inputs.pairs("--set", set);
        if (toSet.isEmpty() && delete.isEmpty()) {
            throw new CommandFailure(CommandFailure.USAGE, "nothing to change: give --set NAME=VALUE or --delete NAME");
        }
        try (Admin admin = Admin.create(cluster.clientConfig())) {
            new TopicChanges(admin, cluster.timeout()).alterConfig(topic, toSet, delete);
        }
        Printer printer = new Printer(spec.commandLine().getOut(), output.format());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("topic", topic);
        result.put("set", toSet);
        result.put("deleted", delete);
        printer.line("Updated configs of topic " + topic + ": set " + toSet + ", deleted " + delete + ".");
        if (printer.json()) {
            printer.printJson(result);
        }
        return 0;
    }
}
