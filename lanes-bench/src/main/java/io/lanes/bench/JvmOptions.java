package io.lanes.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JVM options the Apache Kafka launch scripts use, and the ones the benchmark adds. */
final class JvmOptions {

    /** {@code KAFKA_JVM_PERFORMANCE_OPTS} default of {@code kafka-run-class.sh}. */
    static final List<String> KAFKA_PERFORMANCE = List.of(
            "-server",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:MaxInlineLevel=15",
            "-Djava.awt.headless=true");

    /** {@code KAFKA_JMX_OPTS} default of {@code kafka-run-class.sh} (local JMX agent, no port). */
    static final List<String> KAFKA_JMX = List.of(
            "-Dcom.sun.management.jmxremote",
            "-Dcom.sun.management.jmxremote.authenticate=false",
            "-Dcom.sun.management.jmxremote.ssl=false");

    /** Heap of {@code kafka-producer-perf-test.sh} and {@code kafka-consumer-perf-test.sh}. */
    static final String TOOL_HEAP = "-Xmx512M";

    /** Fixed locale so the tools print "12.34", never "12,34". */
    static final List<String> LOCALE = List.of("-Duser.language=en", "-Duser.country=US");

    private JvmOptions() {
    }

    /** Options for a Kafka tool or for the benchmark's own fetch measurer. */
    static List<String> tool(Path log4jConfig) {
        List<String> options = new ArrayList<>();
        options.add(TOOL_HEAP);
        options.addAll(KAFKA_PERFORMANCE);
        options.addAll(LOCALE);
        options.add("-Dlog4j2.configurationFile=" + log4jConfig);
        return options;
    }

    /**
     * Java Flight Recorder options when profiling is on, dumping to {@code file} at exit: the {@code profile}
     * settings with a Java execution sample every millisecond instead of every 10, so a short produce run on a busy
     * machine (where the broker's threads are often descheduled) still leaves thousands of samples.
     */
    static List<String> flightRecorder(Optional<Path> file) {
        return file.map(f -> List.of("-XX:StartFlightRecording=filename=" + f
                        + ",settings=profile,dumponexit=true,jdk.ExecutionSample#period=1ms"))
                .orElse(List.of());
    }

    /** Splits a space-separated option string as a shell would for simple (unquoted) values. */
    static List<String> split(String options) {
        List<String> parts = new ArrayList<>();
        for (String part : options.trim().split("\\s+")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }
}
