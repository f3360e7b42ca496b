package io.lanes.bench;

import io.lanes.launch.Readiness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Times one start of a broker process as a user runs it: from spawning {@code command} (a script such as
 * {@code ./lanes} counts with everything it does before {@code exec java}) until the port answers a Kafka
 * ApiVersions request ({@link Readiness#answersApiVersions}, polled every 2 ms), then stops it with SIGTERM
 * (SIGKILL after a grace period). Output goes to {@code log}. Not thread-safe; one spawn at a time.
 */
final class SpawnTimer {

    private static final long POLL_MILLIS = 2;
    private static final long GRACE_SECONDS = 15;

    private SpawnTimer() {
    }

    /**
     * @return milliseconds from spawn to the first answered ApiVersions
     * @throws BenchException when the process exits first or does not answer within {@code timeoutMillis}
     */
    static double time(List<String> command, int port, Path log, long timeoutMillis)
            throws IOException, InterruptedException, BenchException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long spawned = System.nanoTime();
        Process process = builder.start();
        try {
            long deadline = spawned + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (System.nanoTime() < deadline) {
                if (Readiness.answersApiVersions("127.0.0.1", port, 2_000)) {
                    return (System.nanoTime() - spawned) / 1e6;
                }
                if (!process.isAlive()) {
                    throw new BenchException(command.get(0) + " exited with " + process.exitValue() + " before it"
                            + " answered; see " + log);
                }
                Thread.sleep(POLL_MILLIS);
            }
            throw new BenchException(command.get(0) + " did not answer ApiVersions within " + timeoutMillis + " ms");
        } finally {
            stop(process);
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }
}
