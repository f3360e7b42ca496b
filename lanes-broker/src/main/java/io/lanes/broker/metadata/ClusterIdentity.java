package io.lanes.broker.metadata;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The cluster id and node id of a data directory, kept like Kafka in {@code meta.properties}
 * ({@code version=1}, {@code cluster.id}, {@code node.id}). A new directory gets a fresh
 * random cluster id; an existing one keeps its id across restarts.
 */
public record ClusterIdentity(String clusterId, int nodeId) {
    public static ClusterIdentity loadOrCreate(Path dataDir, int nodeId) {
        Path file = dataDir.resolve("meta.properties");
        Properties props = new Properties();
        try {
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    props.load(in);
                }
                String clusterId = props.getProperty("cluster.id");
                if (clusterId != null) {
                    return new ClusterIdentity(clusterId, nodeId);
                }
            }
            Files.createDirectories(dataDir);
            String clusterId = Uuid.randomUuid().toString();
            props.setProperty("version", "1");
            props.setProperty("cluster.id", clusterId);
            props.setProperty("node.id", Integer.toString(nodeId));
            try (OutputStream out = Files.newOutputStream(file)) {
                props.store(out, "Lanes broker identity");
            }
            return new ClusterIdentity(clusterId, nodeId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
