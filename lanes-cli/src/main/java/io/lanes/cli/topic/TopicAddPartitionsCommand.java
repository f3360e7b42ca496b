package io.lanes.cli.topic;

import io.lanes.cli.command.Inputs;
import io.lanes.cli.command.ClusterOptions;
import io.lanes.cli.command.OutputOptions;
import io.lanes.cli.command.Printer;
import io.lanes.ops.topics.TopicChanges;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code lanes topic add-partitions TOPIC --total N}: grows a topic (never shrinks it). */
@Command(name = "add-partitions", mixinStandardHelpOptions = true,
        description = "Grow a topic to a new total number of partitions. Keys then hash to other partitions:"
                + " per-key order holds only from the change on.")
public final class TopicAddPartitionsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "TOPIC", description = "The topic.")
    String topic;

    @Option(names = "--total", required = true, paramLabel = "N", description = "The new partition count.")
    String total;

    @Override
    public Integer call() throws Exception {
        int newTotal = Inputs.intValue("--total", total, 1);
        int before;
        try (Admin admin = Admin.create(cluster.clientConfig())) {
            before = new TopicChanges(admin, cluster.timeout()).addPartitions(topic, newTotal);
        }
        Printer printer = new Printer(spec.commandLine().getOut(), output.format());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("topic", topic);
        result.put("partitionsBefore", before);
        result.put("partitions", newTotal);
        printer.line("Topic " + topic + " now has " + newTotal + " partitions (had " + before + ")."
                + " Keyed records now map to other partitions than before.");
        if (printer.json()) {
            printer.printJson(result);
        }
        return 0;
    }
}
