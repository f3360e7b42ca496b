package io.lanes.cli.group;

import io.lanes.cli.command.ClusterOptions;
import io.lanes.cli.command.OutputOptions;
import io.lanes.cli.command.Printer;
import io.lanes.ops.groups.GroupLister;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code lanes group list}: every consumer group with its protocol type and state. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List consumer groups with type and state.")
public final class GroupListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        try (Admin admin = Admin.create(cluster.clientConfig())) {
            List<GroupLister.GroupSummary> groups = new GroupLister(admin, cluster.timeout()).list();
            new Printer(spec.commandLine().getOut(), output.format()).print(groups,
                    List.of("GROUP", "TYPE", "STATE"),
                    groups.stream().map(g -> List.of(g.group(), g.type(), g.state())).toList());
        }
        return 0;
    }
}
