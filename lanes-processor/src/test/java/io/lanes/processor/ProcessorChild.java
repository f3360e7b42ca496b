package io.lanes.processor;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A processor for the crash scenarios, run in a child JVM that the test SIGKILLs, and (with the
 * same settings) in the test JVM to finish the work.
 *
 * <p>Usage: {@code ProcessorChild <bootstrap> <group> <topic> <at-least-once|exactly-once> <output topic|-> <log file>}.
 * Every completed record is appended to the log file as one line {@code <partition> <offset> <key> <value>},
 * written with one {@code write} call and no buffer, so a SIGKILL leaves only whole lines (the page cache
 * keeps them). Runs until killed.
 */
final class ProcessorChild {

    static final int MAX_CONCURRENCY = 16;
    static final long HANDLER_MILLIS = 3;
    static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);

    private ProcessorChild() {
    }

    /** Where completed records are reported, as {@code partition offset key value}. */
    @FunctionalInterface
    interface Completions {
        void completed(int partition, long offset, String key, String value);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: ProcessorChild <bootstrap> <group> <topic> <at-least-once|exactly-once> <output|-> <log file>");
            System.exit(2);
        }
        OutputStream log = new FileOutputStream(args[5], true);
        Completions completions = (partition, offset, key, value) -> {
            byte[] line = (partition + " " + offset + " " + key + " " + value + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (log) {
                try {
                    log.write(line);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        LanesProcessor<String, String> processor = builder(args[0], args[1], args[2], args[3].equals("exactly-once"),
                args[4], completions).build();
        processor.start();
        System.out.println("processor started");
        Thread.sleep(Long.MAX_VALUE);
    }

    /**
     * The processor both runs use: static membership, so the restarted one takes the killed one's
     * place at once instead of waiting for its session to expire; in exactly-once mode the same
     * {@code transactional.id}, so the restarted one fences the killed one and aborts its open transaction.
     */
    static LanesProcessorBuilder<String, String> builder(String bootstrap, String group, String topic, boolean exactlyOnce,
                                                        String output, Completions completions) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("group.id", group);
        config.put("group.instance.id", group + "-instance-0");
        config.put("session.timeout.ms", 10_000);
        config.put("auto.offset.reset", "earliest");
        config.put("key.deserializer", StringDeserializer.class);
        config.put("value.deserializer", StringDeserializer.class);
        LanesProcessorBuilder<String, String> builder = LanesProcessor.<String, String>builder().consumerConfig(config)
                .topics(topic).ordering(Ordering.KEY).maxConcurrency(MAX_CONCURRENCY).commitInterval(COMMIT_INTERVAL);
        if (!exactlyOnce) {
            return builder.handler(record -> {
                Thread.sleep(HANDLER_MILLIS);
                completions.completed(record.partition(), record.offset(), record.key(), record.value());
            });
        }
        StringSerializer strings = new StringSerializer();
        return builder.transactionalId(group + "-0").outputHandler(strings, strings, (record, out) -> {
            Thread.sleep(HANDLER_MILLIS);
            out.send(output, record.key(), record.value());
            completions.completed(record.partition(), record.offset(), record.key(), record.value());
        });
    }

    /** The command line that runs this class in a child JVM on the test's class path. */
    static List<String> command(String bootstrap, String group, String topic, boolean exactlyOnce, String output, String logFile) {
        // Under Surefire java.class.path may be a manifest-only jar; the full path is then in surefire.test.class.path.
        String classPath = System.getProperty("surefire.test.class.path");
        if (classPath == null || classPath.isBlank()) {
            classPath = System.getProperty("java.class.path");
        }
        return List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath,
                ProcessorChild.class.getName(), bootstrap, group, topic, exactlyOnce ? "exactly-once" : "at-least-once",
                output == null ? "-" : output, logFile);
    }
}
