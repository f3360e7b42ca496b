package io.lanes.bench;

import io.lanes.launch.ChildJvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Runs the measuring tools (Kafka's ProducerPerformance, this module's fetch and latency tools) as child JVMs
 * against one broker, each bounded by the measurement timeout, and fails when a tool fails or the broker died
 * meanwhile. Not thread-safe.
 */
final class ToolRunner {

    private final RunningBroker broker;
    private final Path dir;
    private final Path log4j;
    private final Duration timeout;

    ToolRunner(RunningBroker broker, Path dir, Path log4j, Duration timeout) {
        this.broker = broker;
        this.dir = dir;
        this.log4j = log4j;
        this.timeout = timeout;
    }

    /** Runs a tool JVM to completion within the measurement timeout and returns its output. */
    String run(String name, String mainClass, List<String> args) throws Exception {
        Path log = dir.resolve("tools").resolve(name + "-" + System.nanoTime() + ".log");
        try (ChildJvm tool = ChildJvm.start(name, JvmOptions.tool(log4j), mainClass, args, log)) {
            int exit = tool.awaitExit(timeout);
            String output = tool.output();
            if (exit != 0) {
                throw new BenchException(name + " exited with " + exit + ":\n" + tail(output));
            }
            if (!broker.jvm().isAlive()) {
                throw new BenchException("broker died during " + name + ":\n" + broker.jvm().tail(30));
            }
            return output;
        } catch (TimeoutException e) {
            throw new BenchException(e.getMessage() + "; broker log tail:\n" + broker.jvm().tail(15), e);
        }
    }

    /** The last 25 lines of a tool's output, for failure messages. */
    static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 25), lines.length));
    }
}
