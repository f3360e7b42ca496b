package io.lanes.cli;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import io.lanes.registry.RegistryException;
import io.lanes.registry.RegistryServer;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code lanes server}: runs the broker in the foreground until SIGTERM or Ctrl-C, which shut
 * it down cleanly. Settings apply in this order, later ones winning: the {@code --config}
 * file, {@code --port} and {@code --data-dir}, then each {@code --set}. Beside the broker it serves
 * the schema registry ({@link EmbeddedRegistry}, {@code lanes.schema.registry.port}).
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the broker in the foreground (Ctrl-C or SIGTERM stops it cleanly).")
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--port", description = "Port to listen on (default 9092).")
    Integer port;

    @Option(names = "--host", description = "Address to listen on (default 127.0.0.1).")
    String host;

    @Option(names = "--data-dir", description = "Directory for the logs (default ./lanes-data).")
    Path dataDir;

    @Option(names = "--config", description = "A server.properties file (Kafka key names).")
    Path configFile;

    @Option(names = "--set", description = "Override one setting, key=value (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    /**
     * Start, answer one ApiVersions request, then stop: the launcher runs this once to record the classes start-up
     * and a first request load (class-data sharing).
     */
    @Option(names = "--exit-after-start", hidden = true)
    boolean exitAfterStart;

    @Override
    public Integer call() throws Exception {
        BrokerConfig config;
        Map<String, String> settings;
        try {
            settings = settings();
            config = BrokerConfig.from(settings);
            EmbeddedRegistry.port(settings);
        } catch (ConfigException | IOException e) {
            System.err.println("lanes server: " + e.getMessage());
            return 2;
        }
        LanesBroker broker;
        try {
            broker = LanesBroker.start(config);
        } catch (IOException | ConfigException e) {
            System.err.println("lanes server: " + e.getMessage());
            return 1;
        }
        if (exitAfterStart) {
            // one request, so the classes that serve a client's first request are recorded too
            io.lanes.launch.Readiness.answersApiVersions(config.listener().host(), broker.port(), 5_000);
            broker.close();
            return 0;
        }
        Optional<RegistryServer> registry;
        try {
            registry = EmbeddedRegistry.start(settings, config.listener().host(), broker.bootstrapServers());
        } catch (RegistryException | UncheckedIOException e) {
            System.err.println("lanes server: schema registry: " + e.getMessage());
            broker.close();
            return 1;
        }
        // The dashboard shows each group's lag verdict from the operations library (the broker cannot evaluate it).
        LagVerdictFeed verdicts = broker.dashboardUrl().isPresent() ? LagVerdictFeed.start(broker.bootstrapServers())
                : null;
        if (verdicts != null) {
            broker.lagVerdicts(verdicts);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (verdicts != null) {
                verdicts.close();
            }
            registry.ifPresent(RegistryServer::close);
            broker.close();
            // after the broker's last lines (log4j's own shutdown hook is disabled so that they are not lost)
            io.lanes.cli.logging.Logging.shutdown();
        }, "lanes-shutdown"));
        System.out.printf("Lanes listening on %s (data: %s, durability: %s)%n", broker.bootstrapServers(),
                config.logDirs().get(0), config.durability().name().toLowerCase().replace('_', '-'));
        broker.dashboardUrl().ifPresent(url -> System.out.printf("Dashboard at %s (metrics at %smetrics)%n", url, url));
        registry.ifPresent(r -> System.out.printf("Schema registry at %s%n", r.url()));
        System.out.flush();
        broker.awaitShutdown();
        return 0;
    }

    private Map<String, String> settings() throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        if (configFile != null) {
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(configFile)) {
                props.load(in);
            }
            props.stringPropertyNames().forEach(k -> settings.put(k, props.getProperty(k).trim()));
        }
        if (port != null || host != null) {
            BrokerConfig.Listener current = BrokerConfig.from(settings).listener();
            settings.put(BrokerConfig.LISTENERS, "PLAINTEXT://" + (host != null ? host : current.host()) + ":"
                    + (port != null ? port : current.port()));
        }
        if (dataDir != null) {
            settings.remove(BrokerConfig.LOG_DIRS);
            settings.put(BrokerConfig.LOG_DIR, dataDir.toString());
        }
        settings.putAll(overrides);
        return settings;
    }
}
