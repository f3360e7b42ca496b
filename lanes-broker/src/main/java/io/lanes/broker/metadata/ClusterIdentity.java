package io.lanes.broker.metadata;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The cluster id and node id of a data directory, kept like Kafka in {@code meta.properties}
 * ({@code version=1}, {@code cluster.id}, {@code node.id}). A new directory gets a fresh
 * random cluster id; an existing one keeps its id across restarts.
 */
public record ClusterIdentity(String clusterId, int nodeId) {
    private static final Path RANDOM_SOURCE = Path.of("/dev/urandom");

    public static ClusterIdentity loadOrCreate(Path dataDir, int nodeId) {
        Path file = dataDir.resolve("meta.properties");
        try {
            if (Files.exists(file)) {
                Properties props = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    props.load(in);
                }
                String clusterId = props.getProperty("cluster.id");
                if (clusterId != null) {
                    return new ClusterIdentity(clusterId, nodeId);
                }
            }
            Files.createDirectories(dataDir);
            String clusterId = newClusterId();
            // Written line by line, not with Properties.store: its date comment makes the JDK load its time zone
            // names, ~15 ms of a first start. The values need no escaping (a base64url id and a number).
            Files.writeString(file, "#Lanes broker identity\nversion=1\ncluster.id=" + clusterId + "\nnode.id="
                    + nodeId + "\n");
            return new ClusterIdentity(clusterId, nodeId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /**
     * A random cluster id as Kafka makes one with {@link Uuid#randomUuid} (a version 4 UUID, neither the zero nor
     * the metadata topic's id, not starting with '-'), from the kernel's random source where there is one: the
     * first {@code SecureRandom} of a JVM sets up the JDK's security providers, ~15 ms of a first start, for 16 bytes.
     */
    static String newClusterId() {
        if (!Files.isReadable(RANDOM_SOURCE)) {
            return Uuid.randomUuid().toString();
        }
        try (InputStream in = Files.newInputStream(RANDOM_SOURCE)) {
            while (true) {
                byte[] bytes = in.readNBytes(16);
                if (bytes.length < 16) {
                    return Uuid.randomUuid().toString();
                }
                ByteBuffer random = ByteBuffer.wrap(bytes);
                long mostSignificant = random.getLong() & ~0xF000L | 0x4000L; // version 4
                long leastSignificant = random.getLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L; // IETF variant
                Uuid id = new Uuid(mostSignificant, leastSignificant);
                String text = id.toString();
                if (!id.equals(Uuid.ZERO_UUID) && !id.equals(Uuid.METADATA_TOPIC_ID) && !text.startsWith("-")) {
                    return text;
                }
            }
        } catch (IOException e) {
            return Uuid.randomUuid().toString();
        }
    }
}
