package io.lanes.testkit;

import io.lanes.broker.LanesBroker;
import io.lanes.launch.InProcessLanes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JUnit 5 extension that runs an embedded Lanes broker in the test JVM, in place of a
 * Docker-based Kafka.
 *
 * <pre>{@code
 * class OrderServiceTest {
 *     @RegisterExtension
 *     static LanesExtension lanes = LanesExtension.builder().brokerConfig("num.partitions", "3").build();
 *
 *     @Test
 *     void shouldPublishOrderWhenPlaced() {
 *         var producer = new KafkaProducer<>(Map.of("bootstrap.servers", lanes.bootstrapServers()), ...);
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>On a {@code static} field (or with {@code @ExtendWith(LanesExtension.class)}, which
 *       uses the defaults): one broker for the whole test class.</li>
 *   <li>On an instance field: a fresh broker for every test.</li>
 * </ul>
 *
 * The broker listens on a free loopback port and keeps its data in a temporary directory that
 * is deleted when the broker stops. Test methods may declare a {@link LanesBroker} parameter.
 * Defaults: {@code listeners=PLAINTEXT://127.0.0.1:0}, {@code log.dirs=<temp dir>},
 * {@code lanes.durability=page-cache} (Kafka's own default durability; test data is
 * disposable) and one partition for the internal topics ({@code offsets.topic.num.partitions=1},
 * {@code transaction.state.log.num.partitions=1}, as {@link EmbeddedApacheKafka} does), which
 * keeps start-up short. The broker's HTTP side ({@code /metrics}, the dashboard) listens on a free loopback
 * port ({@link #httpPort()}), kept across {@link #restart()}. Any of them can be overridden with
 * {@link Builder#brokerConfig}.
 */
public final class LanesExtension extends BrokerLifecycleExtension<InProcessLanes> implements BrokerUnderTest {

    private static final String HTTP_PORT = "lanes.http.port";

    private final Map<String, String> brokerConfig;

    /** A broker with the default configuration, for {@code @ExtendWith(LanesExtension.class)}. */
    public LanesExtension() {
        this(Map.of());
    }

    private LanesExtension(Map<String, String> brokerConfig) {
        super(InProcessLanes.class);
        this.brokerConfig = Map.copyOf(brokerConfig);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "Lanes";
    }

    /** The {@code bootstrap.servers} value of the running broker. */
    @Override
    public String bootstrapServers() {
        return running().bootstrapServers();
    }

    /** The running broker. */
    public LanesBroker broker() {
        return running().broker();
    }

    /** The port the broker listens on. */
    public int port() {
        return running().port();
    }

    /** The port of the broker's HTTP side (/metrics, dashboard): a free loopback port unless configured. */
    public int httpPort() {
        return running().broker().httpPort().orElseThrow(() -> new IllegalStateException(
                "the broker runs without HTTP (" + HTTP_PORT + "=0)"));
    }

    /** The base address of the broker's HTTP side, {@code http://127.0.0.1:port}. */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort();
    }

    /** The directory holding the broker's data. */
    public Path dataDir() {
        return running().dataDir();
    }

    /**
     * Closes the broker cleanly and starts it again on the same data directory and port, as an
     * operator restarting the process would.
     */
    @Override
    public void restart() throws IOException {
        running().restart();
    }

    @Override
    InProcessLanes startBroker() throws IOException {
        return InProcessLanes.builder()
                .config("lanes.durability", "page-cache")
                .config("offsets.topic.num.partitions", "1")
                .config("transaction.state.log.num.partitions", "1")
                .config(brokerConfig)
                .tempDirPrefix("lanes-test-")
                .freeHttpPort()
                .start();
    }

    @Override
    Class<?> parameterType() {
        return LanesBroker.class;
    }

    @Override
    Object parameterValue(InProcessLanes running) {
        return running.broker();
    }

    @Override
    public String toString() {
        return name();
    }

    /** Builds a {@link LanesExtension}. */
    public static final class Builder {
        private final Map<String, String> brokerConfig = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets one broker property, named as in Kafka's {@code server.properties} (for example
         * {@code num.partitions}, {@code auto.create.topics.enable}, {@code message.max.bytes})
         * or {@code lanes.*}.
         */
        public Builder brokerConfig(String key, String value) {
            brokerConfig.put(key, value);
            return this;
        }

        /** Sets several broker properties. */
        public Builder brokerConfig(Map<String, String> properties) {
            brokerConfig.putAll(properties);
            return this;
        }

        public LanesExtension build() {
            return new LanesExtension(brokerConfig);
        }
    }
}
