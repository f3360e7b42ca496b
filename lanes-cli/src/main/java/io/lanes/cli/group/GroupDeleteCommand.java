package io.lanes.cli.group;

import io.lanes.cli.command.ClusterOptions;
import io.lanes.cli.command.OutputOptions;
import io.lanes.cli.command.Printer;
import io.lanes.ops.groups.GroupDeleter;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code lanes group delete GROUP}: only a group without active members, as in Kafka. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a group and its committed offsets (the group must have no active members).")
public final class GroupDeleteCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "GROUP", description = "The consumer group.")
    String group;

    @Override
    public Integer call() throws Exception {
        try (Admin admin = Admin.create(cluster.clientConfig())) {
            new GroupDeleter(admin, cluster.timeout()).delete(group);
        }
        Printer printer = new Printer(spec.commandLine().getOut(), output.format());
        printer.line("Deleted group " + group + ".");
        if (printer.json()) {
            printer.printJson(Map.of("group", group, "deleted", true));
        }
        return 0;
    }
}
