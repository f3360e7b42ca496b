package io.lanes.conformance.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion with a time limit, feeding it standard input and capturing both
 * output streams. Output is drained on separate threads so a chatty child never blocks on a
 * full pipe.
 */
public final class CommandRunner {

    private CommandRunner() {
    }

    public static ProcessResult run(List<String> command, Duration timeout) {
        return run(command, timeout, null, Map.of());
    }

    public static ProcessResult run(List<String> command, Duration timeout, String stdin) {
        return run(command, timeout, stdin, Map.of());
    }

    public static ProcessResult run(List<String> command, Duration timeout, String stdin,
                                    Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the child may exit before reading its input; its output tells the story
        }
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
        return new ProcessResult(finished ? process.exitValue() : -1, out.join(), err.join(), !finished);
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                result.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.complete("<output unreadable: " + e + ">");
            }
        }, "drain-" + stream.hashCode());
        reader.setDaemon(true);
        reader.start();
        return result;
    }
}
