package io.lanes.broker.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium driven over the DevTools protocol (a WebSocket and JSON, no driver binary): open a
 * page, evaluate JavaScript in it, take screenshots, and see every JavaScript dialog it opened (an {@code alert}
 * from injected markup would show up there). Runs with a fresh profile directory, no network services of its own
 * (no sync, updates or background requests). Not thread-safe; one test at a time.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
    /** Every JavaScript dialog opened (alert, confirm, prompt): the message of each. */
    final List<String> dialogs = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    static HeadlessChromium start(int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("lanes-chromium-");
        Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--disable-default-apps", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.currentTimeMillis() + 30_000;
            while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
                if (System.currentTimeMillis() > deadline || !process.isAlive()) {
                    throw new IOException("Chromium did not open its DevTools port: "
                            + (Files.exists(profile.resolve("chromium.log"))
                            ? Files.readString(profile.resolve("chromium.log")) : ""));
                }
                Thread.sleep(100);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String url = null;
            for (JsonNode target : targets) {
                if (target.get("type").asText().equals("page")) {
                    url = target.get("webSocketDebuggerUrl").asText();
                }
            }
            if (url == null) {
                throw new IOException("Chromium has no page target: " + targets);
            }
            HeadlessChromium[] self = new HeadlessChromium[1];
            Listener listener = new Listener(() -> self[0]);
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(url), listener)
                    .get(10, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(process, profile, socket);
            self[0].call("Page.enable", Map.of());
            self[0].call("Runtime.enable", Map.of());
            return self[0];
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Opens {@code url} and waits until its load event. */
    void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
        waitFor("document.readyState === 'complete'", Duration.ofSeconds(20));
    }

    /** The value of a JavaScript expression (promises awaited), as JSON. */
    JsonNode eval(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("JavaScript failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until a JavaScript expression is true. */
    void waitFor(String expression, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eval("Boolean(" + expression + ")").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + expression);
            }
            Thread.sleep(100);
        }
    }

    /** Saves a PNG of the whole page. */
    void screenshot(Path file) throws Exception {
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    private JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        calls.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        JsonNode response = answer.get(30, TimeUnit.SECONDS);
        if (response.has("error")) {
            throw new IOException(method + " failed: " + response.get("error"));
        }
        return response.path("result");
    }

    private void onMessage(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> call = calls.remove(message.get("id").asInt());
                if (call != null) {
                    call.complete(message);
                }
            } else if ("Page.javascriptDialogOpening".equals(message.path("method").asText())) {
                dialogs.add(message.path("params").path("message").asText());
                socket.sendText("{\"id\":" + ids.incrementAndGet()
                        + ",\"method\":\"Page.handleJavaScriptDialog\",\"params\":{\"accept\":true}}", true);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            socket.abort();
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Joins message fragments and hands whole messages over. */
    private static final class Listener implements WebSocket.Listener {
        private final java.util.function.Supplier<HeadlessChromium> owner;
        private final StringBuilder partial = new StringBuilder();

        Listener(java.util.function.Supplier<HeadlessChromium> owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                HeadlessChromium chromium = owner.get();
                if (chromium != null) {
                    chromium.onMessage(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
