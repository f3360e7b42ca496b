package io.lanes.cli.group;

import io.lanes.cli.command.Inputs;
import io.lanes.cli.command.ClusterOptions;
import io.lanes.cli.command.CommandFailure;
import io.lanes.cli.command.OutputOptions;
import io.lanes.cli.command.Printer;
import io.lanes.ops.groups.OffsetResetter;
import io.lanes.ops.groups.PartitionSelection;
import io.lanes.ops.groups.ResetSpec;
import io.lanes.ops.records.Timestamps;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code lanes group reset-offsets GROUP (--to-earliest|--to-latest|--to-datetime T|--to-offset N|--shift-by N)
 * (--topic T[:P,P]...|--all-topics) [--execute]}: prints the plan (current and new offset per
 * partition) and changes nothing unless {@code --execute}. Refuses a group with active members,
 * as Kafka's tool does; fixed offsets and shifts are clamped into [log start, log end].
 */
@Command(name = "reset-offsets", mixinStandardHelpOptions = true,
        description = "Move a group's committed offsets. Dry run (prints the plan) unless --execute;"
                + " the group must have no active members.")
public final class GroupResetOffsetsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "GROUP", description = "The consumer group.")
    String group;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Scope scope;

    @Option(names = "--execute", description = "Apply the plan (without it, nothing is changed).")
    boolean execute;

    /** Where to move the offsets: exactly one. */
    static final class Target {
        @Option(names = "--to-earliest", description = "To the log start offset.")
        boolean earliest;
        @Option(names = "--to-latest", description = "To the log end offset.")
        boolean latest;
        @Option(names = "--to-datetime", paramLabel = "ISO-8601",
                description = "To the first record at or after this time, e.g. 2025-03-01T12:00:00Z"
                        + " (without zone: UTC, as Kafka's tools read it).")
        String datetime;
        @Option(names = "--to-offset", paramLabel = "N", description = "To this offset (clamped to the log).")
        String offset;
        @Option(names = "--shift-by", paramLabel = "N",
                description = "Move the committed offset by N (negative: back), clamped to the log.")
        String shift;
    }

    /** Which partitions: --topic (repeatable) or --all-topics. */
    static final class Scope {
        @Option(names = "--topic", paramLabel = "TOPIC[:P,P...]",
                description = "A topic, or some of its partitions (repeatable).")
        List<String> topics = new ArrayList<>();
        @Option(names = "--all-topics", description = "Every partition the group has committed offsets for.")
        boolean all;
    }

    @Override
    public Integer call() throws Exception {
        ResetSpec resetSpec = resetSpec();
        PartitionSelection selection = scope.all ? null : Inputs.usage(() -> PartitionSelection.parse(scope.topics));
        OffsetResetter.ResetPlan plan;
        try (Admin admin = Admin.create(cluster.clientConfig())) {
            OffsetResetter resetter = new OffsetResetter(admin, cluster.timeout());
            try {
                plan = resetter.plan(group, selection, resetSpec);
            } catch (IllegalArgumentException e) {
                // a shift where nothing is committed: bad input for this group, nothing changed
                throw new CommandFailure(CommandFailure.USAGE, e.getMessage());
            }
            if (execute) {
                resetter.execute(plan);
            }
        }
        print(plan);
        return 0;
    }

    private ResetSpec resetSpec() {
        if (target.earliest) {
            return new ResetSpec.ToEarliest();
        }
        if (target.latest) {
            return new ResetSpec.ToLatest();
        }
        if (target.datetime != null) {
            return new ResetSpec.ToDatetime(Inputs.usage(() -> Timestamps.parse(target.datetime, ZoneOffset.UTC)));
        }
        if (target.offset != null) {
            long offset = Inputs.longValue("--to-offset", target.offset);
            if (offset < 0) {
                throw new CommandFailure(CommandFailure.USAGE, "invalid --to-offset '" + target.offset
                        + "': offsets are not negative");
            }
            return new ResetSpec.ToOffset(offset);
        }
        return new ResetSpec.ShiftBy(Inputs.longValue("--shift-by", target.shift));
    }

    private void print(OffsetResetter.ResetPlan plan) {
        Printer printer = new Printer(spec.commandLine().getOut(), output.format());
        if (printer.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("group", plan.group());
            result.put("executed", execute);
            result.put("moves", plan.moves());
            printer.printJson(result);
            return;
        }
        printer.table(List.of("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "NEW-OFFSET"), plan.moves().stream()
                .map(m -> List.of(plan.group(), m.topic(), Integer.toString(m.partition()),
                        m.currentOffset() == null ? "-" : m.currentOffset().toString(), Long.toString(m.newOffset())))
                .toList());
        printer.line(execute ? "Committed the new offsets of group " + plan.group() + "."
                : "Dry run: nothing changed. Add --execute to commit these offsets.");
    }
}
