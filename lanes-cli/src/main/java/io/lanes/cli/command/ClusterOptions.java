package io.lanes.cli.command;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where an operations command connects (a picocli mixin): {@code --bootstrap}, default
 * {@code 127.0.0.1:9092}; {@code --command-config FILE} with further client properties (as
 * Kafka's tools take them, e.g. security settings); {@code --timeout}, the bound on every request,
 * after which an unreachable cluster is a one-line error (exit code 2).
 */
public final class ClusterOptions {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "Kafka cluster to talk to: Lanes or Apache Kafka (default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Kafka client properties for the connection (security settings and the like).")
    Path commandConfig;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "Give up on an unanswered request after this many seconds (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    public String bootstrap() {
        return bootstrap;
    }

    public Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    /** Client config for Admin, Consumer and Producer: the command config, then bootstrap and timeouts. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        if (commandConfig != null) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(commandConfig)) {
                properties.load(in);
            } catch (IOException e) {
                throw new CommandFailure(CommandFailure.USAGE, "cannot read --command-config " + commandConfig + ": "
                        + e.getMessage());
            }
            properties.forEach((k, v) -> config.put((String) k, v));
        }
        config.put("bootstrap.servers", bootstrap);
        int millis = (int) timeout().toMillis();
        config.putIfAbsent("request.timeout.ms", millis);
        config.putIfAbsent("default.api.timeout.ms", millis);
        return config;
    }
}
