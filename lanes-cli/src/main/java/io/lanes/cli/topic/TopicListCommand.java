package io.lanes.cli.topic;

import io.lanes.cli.command.ClusterOptions;
import io.lanes.cli.command.OutputOptions;
import io.lanes.cli.command.Printer;
import io.lanes.ops.topics.TopicLister;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code lanes topic list}: names, ids, partition counts and replication factors. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List topics.")
public final class TopicListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    OutputOptions output;

    @Option(names = "--internal", description = "Also list internal topics (__consumer_offsets, ...).")
    boolean internal;

    @Override
    public Integer call() throws Exception {
        try (Admin admin = Admin.create(cluster.clientConfig())) {
            List<TopicLister.TopicSummary> topics = new TopicLister(admin, cluster.timeout()).list(internal);
            new Printer(spec.commandLine().getOut(), output.format()).print(topics,
                    List.of("TOPIC", "PARTITIONS", "REPLICATION", "ID"),
                    topics.stream().map(t -> List.of(t.name(), Integer.toString(t.partitions()),
                            Integer.toString(t.replicationFactor()), t.topicId())).toList());
        }
        return 0;
    }
}
