package io.lanes.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lanes server} serves the schema registry beside the broker on
 * {@code lanes.schema.registry.port} (0 turns it off), over its own listener. Each test runs the
 * server as a separate process, as a user does, and stops it with SIGTERM.
 */
class ServerRegistryTest {
    @TempDir
    Path dataDir;

    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void shouldServeTheRegistryBesideTheBrokerWhenAPortIsSet() throws Exception {
        // given
        int port = freePort();
        server = start("--set", "lanes.schema.registry.port=" + port);
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));

        // when
        String announced = lineContaining(out, "Schema registry at");
        HttpResponse<String> registered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/subjects/orders-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"\\\"string\\\"\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(announced).isEqualTo("Schema registry at http://127.0.0.1:" + port);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        assertThat(registered.body()).isEqualTo("{\"id\":1}");
    }

    @Test
    void shouldServeNoRegistryWhenThePortIsZero() throws Exception {
        // given
        server = start("--set", "lanes.schema.registry.port=0");
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        lineContaining(out, "Lanes listening on");

        // when
        server.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of stdout
        List<String> rest = new ArrayList<>();
        out.lines().forEach(rest::add);
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // then
        assertThat(rest).noneMatch(line -> line.contains("Schema registry"));
    }

    @Test
    void shouldRefuseToStartWhenThePortIsNotANumber() throws Exception {
        // when
        server = start("--set", "lanes.schema.registry.port=eighty");

        // then
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isEqualTo(2);
        assertThat(new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("lanes.schema.registry.port");
    }

    private Process start(String... settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "server",
                "--port", "0", "--data-dir", dataDir.toString(), "--set", "lanes.http.port=0"));
        command.addAll(List.of(settings));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    }

    private static String lineContaining(BufferedReader out, String text) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.contains(text)) {
                return line;
            }
        }
        throw new AssertionError("the server ended without printing " + text);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
