package io.lanes.conformance.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs Apache Kafka's command-line tools (main classes from kafka-tools / kafka_2.13 on the test
 * class path) in a child JVM, as {@code bin/kafka-*.sh} would: real argument parsing, real exit
 * codes, real stdout. Tool logging goes to stderr at WARN so stdout stays the tool's output.
 */
public final class KafkaTools {

    public static final String TOPICS = "org.apache.kafka.tools.TopicCommand";
    public static final String CONSOLE_PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    public static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    public static final String GET_OFFSETS = "org.apache.kafka.tools.GetOffsetShell";
    public static final String TRANSACTIONS = "org.apache.kafka.tools.TransactionsCommand";
    public static final String FEATURES = "org.apache.kafka.tools.FeatureCommand";
    /** The client side of Kafka's system test {@code client_compatibility_features_test.py}. */
    public static final String CLIENT_COMPATIBILITY = "org.apache.kafka.tools.ClientCompatibilityTest";
    /** kafka-configs.sh: moved from Scala's {@code kafka.admin} to kafka-tools in 4.2. */
    public static final String CONFIGS = "org.apache.kafka.tools.ConfigCommand";
    /** kafka-dump-log.sh: moved from Scala's {@code kafka.tools} to kafka-tools in 4.2. */
    public static final String DUMP_LOG = "org.apache.kafka.tools.DumpLogSegments";

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Path log4jConfig;

    /** @param workDir where the tools' logging configuration is written */
    public KafkaTools(Path workDir) {
        this.log4jConfig = workDir.resolve("tools-log4j2.properties");
        try {
            Files.createDirectories(workDir);
            Files.writeString(log4jConfig, """
                    rootLogger.level = WARN
                    rootLogger.appenderRef.err.ref = ERR
                    appender.err.type = Console
                    appender.err.name = ERR
                    appender.err.target = SYSTEM_ERR
                    appender.err.layout.type = PatternLayout
                    appender.err.layout.pattern = %p %m (%c)%n
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ProcessResult run(String mainClass, String... args) {
        return runWithInput(mainClass, null, args);
    }

    public ProcessResult runWithInput(String mainClass, String stdin, String... args) {
        List<String> jvm = new ArrayList<>(JavaCommand.QUICK_START);
        jvm.add("-Dlog4j2.configurationFile=" + log4jConfig);
        return CommandRunner.run(JavaCommand.command(mainClass, jvm, List.of(args)), TIMEOUT, stdin);
    }
}
