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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code lanes topic create TOPIC [--partitions N] [--replication-factor R] [--config k=v]...}. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a topic. Without --partitions or --replication-factor the cluster's defaults apply"
                + " (num.partitions, default.replication.factor).")
public final class TopicCreateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "TOPIC", description = "The new topic's name.")
    String topic;

    @Option(names = "--partitions", paramLabel = "N", description = "Number of partitions.")
    String partitions;

    @Option(names = "--replication-factor", paramLabel = "R", description = "Replicas per partition.")
    String replicationFactor;

    @Option(names = "--config", paramLabel = "NAME=VALUE", description = "A topic config (repeatable), "
            + "e.g. cleanup.policy=compact.")
    List<String> configs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Optional<Integer> count = partitions == null ? Optional.empty()
                : Optional.of(Inputs.intValue("--partitions", partitions, 1));
        Optional<Short> replicas = replicationFactor == null ? Optional.empty()
                : Optional.of((short) Inputs.intValue("--replication-factor", replicationFactor, 1));
        Map<String, String> config = Inputs.pairs("--config", configs);
        try (Admin admin = Admin.create(cluster.clientConfig())) {
            new TopicChanges(admin, cluster.timeout()).create(topic, count, replicas, config);
        }
        Printer printer = new Printer(spec.commandLine().getOut(), output.format());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("topic", topic);
        result.put("created", true);
        printer.line("Created topic " + topic + ".");
        if (printer.json()) {
            printer.printJson(result);
        }
        return 0;
    }
}
