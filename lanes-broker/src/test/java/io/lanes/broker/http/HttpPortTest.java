package io.lanes.broker.http;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@code lanes.http.port} starts, skips or refuses the HTTP side. */
class HttpPortTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldServeMetricsWhenThePortIsConfigured() throws Exception {
        // given
        int port = HttpPorts.free();

        // when
        try (LanesBroker broker = start(Map.of("lanes.http.port", Integer.toString(port)))) {
            // then
            assertThat(broker.httpPort()).hasValue(port);
            assertThat(broker.dashboardUrl()).contains("http://127.0.0.1:" + port + "/");
            assertThat(Scrape.get(port, "/metrics").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldRunWithoutHttpWhenPortIsZero() throws Exception {
        // when
        try (LanesBroker broker = start(Map.of("lanes.http.port", "0"))) {
            // then
            assertThat(broker.httpPort()).isEmpty();
            assertThat(broker.dashboardUrl()).isEmpty();
        }
    }

    @Test
    void shouldRunWithoutHttpWhenTheDefaultPortIsTaken() throws Exception {
        // given: the default port held by someone else (another broker of this JVM, say)
        try (ServerSocket taken = bindDefaultPortIfFree()) {
            // when
            try (LanesBroker broker = start(Map.of())) {
                // then
                assertThat(broker.httpPort()).isEmpty();
                assertThat(broker.bootstrapServers()).isNotEmpty();
            }
        }
    }

    @Test
    void shouldFailStartUpWhenAConfiguredPortIsTaken() throws Exception {
        // given
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // when / then
            assertThatThrownBy(() -> start(Map.of("lanes.http.port", Integer.toString(taken.getLocalPort()))))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("lanes.http.port=" + taken.getLocalPort())
                    .hasMessageContaining("cannot listen");
        }
    }

    /** Binds 8090 unless something already holds it (then it is taken anyway). */
    private static ServerSocket bindDefaultPortIfFree() throws IOException {
        try {
            return new ServerSocket(BrokerConfig.DEFAULT_HTTP_PORT, 1, InetAddress.getLoopbackAddress());
        } catch (IOException alreadyTaken) {
            return new ServerSocket();
        }
    }

    private LanesBroker start(Map<String, String> extra) throws IOException {
        Map<String, String> config = new HashMap<>(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "lanes.durability", "page-cache"));
        config.putAll(extra);
        return LanesBroker.start(BrokerConfig.from(config));
    }
}
