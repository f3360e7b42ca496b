package io.lanes.cli.records;

import io.lanes.cli.command.Inputs;
import io.lanes.cli.command.ClusterOptions;
import io.lanes.cli.command.CommandFailure;
import io.lanes.cli.command.OutputOptions;
import io.lanes.cli.command.Printer;
import io.lanes.ops.records.LineRecords;
import io.lanes.ops.records.OutgoingRecord;
import io.lanes.ops.records.RecordWriter;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code lanes produce --topic T}: one record per input line (stdin or {@code --file}), optionally
 * {@code key<sep>value}, with headers, to a partition or by key. All input is read and checked
 * before the first record is sent, so a malformed line writes nothing. Prints how many records
 * were written.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Write records, one per line from stdin or --file; prints how many were written.")
public final class ProduceCommand implements Callable<Integer> {
    private static final Set<String> ACKS = Set.of("all", "-1", "1", "0");

    /** Where lines come from without --file; a test may replace it. */
    static InputStream stdin = System.in;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    OutputOptions output;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic (must exist).")
    String topic;

    @Option(names = "--file", paramLabel = "FILE", description = "Read lines from this file instead of stdin.")
    Path file;

    @Option(names = "--key-separator", paramLabel = "SEP",
            description = "Lines are KEY<SEP>VALUE, split at the first SEP.")
    String keySeparator;

    @Option(names = "--header", paramLabel = "NAME=VALUE", description = "A header on every record (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--partition", paramLabel = "N", description = "Write to this partition (default: by key).")
    String partition;

    @Option(names = "--acks", paramLabel = "all|1|0", defaultValue = "all",
            description = "Acknowledgement to wait for (default ${DEFAULT-VALUE}).")
    String acks;

    @Override
    public Integer call() throws Exception {
        if (!ACKS.contains(acks)) {
            throw new CommandFailure(CommandFailure.USAGE, "invalid --acks '" + acks + "': expected all, 1 or 0");
        }
        Integer target = partition == null ? null : Inputs.intValue("--partition", partition, 0);
        var parsedHeaders = Inputs.usage(() -> headers.stream().map(LineRecords::header).toList());
        List<OutgoingRecord> records = read(parsedHeaders);
        List<RecordMetadata> written = new RecordWriter(cluster.clientConfig(), cluster.timeout())
                .write(topic, target, acks, records);
        Map<Integer, Integer> perPartition = new TreeMap<>();
        written.forEach(m -> perPartition.merge(m.partition(), 1, Integer::sum));
        Printer printer = new Printer(spec.commandLine().getOut(), output.format());
        printer.line("Wrote " + written.size() + " records to " + topic + ".");
        if (printer.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("topic", topic);
            result.put("records", written.size());
            result.put("perPartition", perPartition);
            printer.printJson(result);
        }
        return 0;
    }

    private List<OutgoingRecord> read(List<Map.Entry<String, String>> parsedHeaders) {
        try (BufferedReader in = file == null
                ? new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))
                : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return Inputs.usage(() -> {
                try {
                    return LineRecords.parse(in, keySeparator, parsedHeaders);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new CommandFailure(CommandFailure.USAGE, "cannot read " + (file == null ? "stdin" : file) + ": "
                    + e.getMessage());
        }
    }
}
