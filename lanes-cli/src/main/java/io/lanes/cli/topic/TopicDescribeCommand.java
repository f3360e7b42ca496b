package io.lanes.cli.topic;

import io.lanes.cli.command.ClusterOptions;
import io.lanes.cli.command.OutputOptions;
import io.lanes.cli.command.Printer;
import io.lanes.ops.topics.TopicDescriber;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code lanes topic describe TOPIC}: what {@code kafka-topics.sh --describe} shows, a summary line
 * (id, partition count, replication factor, non-default configs) then one row per partition with
 * leader, replicas and in-sync replicas.
 */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Show a topic's partitions (leader, replicas, ISR) and its non-default configs.")
public final class TopicDescribeCommand implements Callable<Integer> {
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
            TopicDescriber.TopicDetails details = new TopicDescriber(admin, cluster.timeout()).describe(topic);
            Printer printer = new Printer(spec.commandLine().getOut(), output.format());
            if (printer.json()) {
                printer.printJson(details);
                return 0;
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("Topic", details.name());
            summary.put("TopicId", details.topicId());
            summary.put("PartitionCount", details.partitionCount());
            summary.put("ReplicationFactor", details.replicationFactor());
            summary.put("Configs", details.configs().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
            printer.pairs(summary);
            printer.line("");
            printer.table(List.of("PARTITION", "LEADER", "REPLICAS", "ISR"), details.partitions().stream()
                    .map(p -> List.of(Integer.toString(p.partition()),
                            p.leader() < 0 ? "none" : Integer.toString(p.leader()),
                            ids(p.replicas()), ids(p.isr())))
                    .toList());
        }
        return 0;
    }

    private static String ids(List<Integer> nodes) {
        return nodes.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
