package io.lanes.cli.records;

import io.lanes.cli.command.Inputs;
import io.lanes.cli.command.ClusterOptions;
import io.lanes.cli.command.CommandFailure;
import io.lanes.ops.records.RecordReader;
import io.lanes.ops.records.StartPosition;
import io.lanes.ops.records.Timestamps;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code lanes consume --topic T}: prints records, one per line, as text or JSON Lines (see
 * {@link RecordFormat}). Without {@code --group} it assigns partitions and commits nothing; with
 * it, it joins the group and commits what it printed. Stops after {@code --max-messages} or after
 * {@code --timeout-ms} without a record; otherwise runs until interrupted. The count goes to stderr
 * as Kafka's console consumer reports it.
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Print records with partition, offset, timestamp, key and headers (text or JSON lines).")
public final class ConsumeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic.")
    String topic;

    @ArgGroup(exclusive = true)
    Start start;

    @Option(names = "--group", paramLabel = "GROUP",
            description = "Consume in this group and commit what is printed (default: no group, no commits).")
    String group;

    @Option(names = "--partition", paramLabel = "N", description = "Only this partition (default: all).")
    String partition;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text (default) or json (one JSON object per line).")
    String format;

    @Option(names = "--max-messages", paramLabel = "N", description = "Stop after N records.")
    String maxMessages;

    @Option(names = "--timeout-ms", paramLabel = "MS",
            description = "Stop when no record arrived for this long (default: never).")
    String idleTimeout;

    /** Where to start: at most one (default: new records only, or the group's committed offsets). */
    static final class Start {
        @Option(names = "--from-beginning", description = "From the first record (in a group: where nothing is committed).")
        boolean beginning;
        @Option(names = "--offset", paramLabel = "N", description = "From this offset in each partition.")
        String offset;
        @Option(names = "--from-time", paramLabel = "ISO-8601",
                description = "From the first record at or after this time, e.g. 2025-03-01T12:00:00Z.")
        String time;
    }

    @Override
    public Integer call() {
        RecordFormat recordFormat = format();
        Integer onlyPartition = partition == null ? null : Inputs.intValue("--partition", partition, 0);
        long max = maxMessages == null ? 0 : Inputs.intValue("--max-messages", maxMessages, 1);
        Duration idle = idleTimeout == null ? null
                : Duration.ofMillis(Inputs.intValue("--timeout-ms", idleTimeout, 1));
        var request = new RecordReader.ReadRequest(topic, onlyPartition, group, startPosition(), max, idle);
        PrintWriter out = spec.commandLine().getOut();
        long count = new RecordReader(cluster.clientConfig(), cluster.timeout()).read(request, record -> {
            out.println(recordFormat.format(record));
            out.flush();
        });
        spec.commandLine().getErr().println("Processed a total of " + count + " messages");
        spec.commandLine().getErr().flush();
        return 0;
    }

    private RecordFormat format() {
        try {
            return RecordFormat.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(CommandFailure.USAGE, "invalid --format '" + format + "': expected text or json");
        }
    }

    private StartPosition startPosition() {
        if (start != null && start.offset != null) {
            long offset = Inputs.longValue("--offset", start.offset);
            if (offset < 0) {
                throw new CommandFailure(CommandFailure.USAGE, "invalid --offset '" + start.offset
                        + "': offsets are not negative");
            }
            return new StartPosition.Offset(offset);
        }
        if (start != null && start.time != null) {
            return new StartPosition.Time(Inputs.usage(() -> Timestamps.parse(start.time, ZoneOffset.UTC)));
        }
        boolean beginning = start != null && start.beginning;
        if (group != null) {
            // as kafka-console-consumer: in a group, --from-beginning only matters where nothing is committed
            return new StartPosition.Committed(beginning);
        }
        return beginning ? new StartPosition.Beginning() : new StartPosition.End();
    }
}
