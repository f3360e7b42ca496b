package io.lanes.cli.group;

import io.lanes.cli.command.ClusterOptions;
import io.lanes.cli.command.OutputOptions;
import io.lanes.cli.command.Printer;
import io.lanes.ops.groups.GroupDescriber;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code lanes group describe GROUP}: the group (state, protocol type, assignor, coordinator), its
 * members with their assignments, and per partition the committed offset, log end offset and lag,
 * as {@code kafka-consumer-groups.sh --describe} computes them ({@code -} where there is no value).
 */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Show a group: state, protocol, assignor, members and, per partition,"
                + " committed offset, log end offset and lag.")
public final class GroupDescribeCommand implements Callable<Integer> {
    private static final String NONE = "-";

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
        GroupDescriber.GroupDetails details;
        try (Admin admin = Admin.create(cluster.clientConfig())) {
            details = new GroupDescriber(admin, cluster.timeout()).describe(group);
        }
        Printer printer = new Printer(spec.commandLine().getOut(), output.format());
        if (printer.json()) {
            printer.printJson(details);
            return 0;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("Group", details.group());
        summary.put("State", details.state());
        summary.put("Protocol", details.type());
        summary.put("Assignor", or(details.assignor()));
        summary.put("Coordinator", details.coordinator());
        summary.put("Members", details.members().size());
        summary.put("Total lag", details.totalLag());
        printer.pairs(summary);
        if (!details.members().isEmpty()) {
            printer.line("");
            printer.table(List.of("MEMBER-ID", "CLIENT-ID", "HOST", "ASSIGNMENT"), details.members().stream()
                    .map(m -> List.of(m.memberId(), m.clientId(), m.host(),
                            m.assignment().isEmpty() ? NONE : String.join(",", m.assignment())))
                    .toList());
        }
        printer.line("");
        printer.table(List.of("TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST",
                        "CLIENT-ID"),
                details.partitions().stream().map(p -> List.of(p.topic(), Integer.toString(p.partition()),
                        or(p.committedOffset()), p.logEndOffset() < 0 ? NONE : Long.toString(p.logEndOffset()),
                        or(p.lag()), or(p.memberId()), or(p.host()), or(p.clientId()))).toList());
        return 0;
    }

    private static String or(Object value) {
        return value == null ? NONE : value.toString();
    }
}
