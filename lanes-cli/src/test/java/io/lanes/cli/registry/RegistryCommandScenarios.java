package io.lanes.cli.registry;

import io.lanes.cli.LanesCli;
import io.lanes.cli.group.Cli;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lanes registry --bootstrap host:port --port N} against a real cluster: it creates the
 * compacted {@code _schemas} topic, serves Confluent's REST API and stops when interrupted. The
 * cluster comes from the subclass.
 */
abstract class RegistryCommandScenarios {
    private static final String SCHEMA = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Order\\\","
            + "\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"long\\\"}]}\"}";

    protected abstract String bootstrapServers();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldServeTheRegistryOverTheClusterWhenRun() throws Exception {
        // given
        int port = freePort();
        StringWriter out = new StringWriter();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread command = new Thread(() -> exitCode.set(LanesCli.commandLine().setOut(new PrintWriter(out))
                .execute("registry", "--bootstrap", bootstrapServers(), "--port", String.valueOf(port),
                        "--host", "127.0.0.1")));
        command.start();
        try {
            // when
            HttpResponse<String> registered = awaitServing(port, () -> post(port, "/subjects/orders-value/versions"));
            HttpResponse<String> subjects = get(port, "/subjects");

            // then
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
            assertThat(registered.body()).matches("\\{\"id\":\\d+}");
            assertThat(subjects.body()).contains("\"orders-value\"");
            assertThat(out.toString()).contains("Schema registry at http://127.0.0.1:" + port);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "_schemas");
                Config config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
                assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            }
        } finally {
            command.interrupt();
            command.join(30_000);
        }
        assertThat(command.isAlive()).isFalse();
        assertThat(exitCode.get()).isZero();
    }

    @Test
    void shouldFailWithOneLineWhenTheClusterCannotBeReached() throws Exception {
        // when
        Cli.Result result = Cli.lanesRaw("registry", "--bootstrap", "127.0.0.1:" + freePort(), "--timeout", "2",
                "--port", "0");

        // then
        result.failedWithOneLine("_schemas");
    }

    private HttpResponse<String> awaitServing(int port, Request request) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return request.send();
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private interface Request {
        HttpResponse<String> send() throws IOException, InterruptedException;
    }

    private HttpResponse<String> post(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(SCHEMA)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
