package io.lanes.cli.demo;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/** A Lanes broker in this JVM on a free port, with its data in a temporary directory deleted on close. */
final class EmbeddedLanes implements AutoCloseable {
    private final Path directory;
    private final LanesBroker broker;
    private final Thread onExit = new Thread(this::stop, "lanes-demo-cleanup");
    private boolean closed;

    private EmbeddedLanes(Path directory, LanesBroker broker) {
        this.directory = directory;
        this.broker = broker;
        Runtime.getRuntime().addShutdownHook(onExit); // Ctrl-C: still delete the data
    }

    /** @param httpPort {@code lanes.http.port} for the dashboard, or null for the broker's default (8090) */
    static EmbeddedLanes start(Integer httpPort) throws IOException {
        Path directory = Files.createTempDirectory("lanes-demo-");
        try {
            Map<String, String> settings = new java.util.HashMap<>(Map.of(
                    BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0",
                    BrokerConfig.LOG_DIRS, directory.toString(),
                    "group.initial.rebalance.delay.ms", "0"));
            if (httpPort != null) {
                settings.put(BrokerConfig.HTTP_PORT, Integer.toString(httpPort));
            }
            LanesBroker broker = LanesBroker.start(BrokerConfig.from(settings));
            return new EmbeddedLanes(directory, broker);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(directory);
            throw e;
        }
    }

    /** The broker's dashboard address, when its HTTP side runs. */
    java.util.Optional<String> dashboardUrl() {
        return broker.dashboardUrl();
    }

    /** Shows {@code verdicts} beside each group on the dashboard. */
    void lagVerdicts(io.lanes.broker.dashboard.LagVerdicts verdicts) {
        broker.lagVerdicts(verdicts);
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down and the hook runs (or ran)
        }
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            broker.close();
        } finally {
            deleteQuietly(directory);
        }
    }

    private static void deleteQuietly(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a temporary directory left behind is not worth failing the demo for
        }
    }
}
