package io.lanes.cli.registry;

import io.lanes.cli.command.ClusterOptions;
import io.lanes.cli.command.CommandFailure;
import io.lanes.registry.RegistryConfig;
import io.lanes.registry.RegistryException;
import io.lanes.registry.RegistryServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code lanes registry}: serves Confluent Schema Registry's REST API over any Kafka cluster
 * (Lanes or Apache Kafka), keeping schemas in the cluster's compacted {@code _schemas} topic.
 * Runs until stopped (Ctrl-C, or the thread interrupted when embedded).
 */
@Command(name = "registry", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve a schema registry (Confluent's REST API) over a Kafka cluster's _schemas topic.")
public final class RegistryCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8081",
            description = "HTTP port (default ${DEFAULT-VALUE}, Confluent's; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = RegistryConfig.DEFAULT_TOPIC,
            description = "The compacted topic holding the schemas (default ${DEFAULT-VALUE}).")
    String topic;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RegistryConfig config = RegistryConfig.of(cluster.bootstrap(), host, port)
                .withClientConfig(cluster.clientConfig()).withTopic(topic);
        RegistryServer server;
        try {
            server = RegistryServer.start(config);
        } catch (RegistryException | UncheckedIOException e) {
            throw new CommandFailure(CommandFailure.USAGE, e.getMessage());
        }
        try (server) {
            out.println("Schema registry at " + server.url() + " (schemas in " + topic + " on " + cluster.bootstrap()
                    + ")");
            out.flush();
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
