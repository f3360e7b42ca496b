package io.lanes.conformance.java;

import io.lanes.conformance.harness.JavaCommand;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A group member in a JVM of its own, so a test can kill it with SIGKILL: a crash in which the
 * client sends nothing more, no LeaveGroup and no leaving heartbeat. It subscribes to one topic
 * and commits synchronously after every batch it polled, and gives up by itself after two
 * minutes in case the test that started it died first.
 *
 * <p>Arguments: {@code <bootstrap servers> <group> <topic> <classic|consumer>}.
 */
public final class GroupMemberProcess {

    private static final Duration LIFETIME = Duration.ofMinutes(2);

    private GroupMemberProcess() {
    }

    /** Starts a member in a child JVM on this JVM's class path; its output goes to {@code log}. */
    static Process start(String bootstrapServers, String group, String topic, GroupProtocol protocol, Path log)
            throws IOException {
        List<String> command = JavaCommand.command(GroupMemberProcess.class.getName(), JavaCommand.QUICK_START,
                List.of(bootstrapServers, group, topic, protocol.name()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    public static void main(String[] args) {
        GroupProtocol protocol = GroupProtocol.valueOf(args[3].toUpperCase(Locale.ROOT));
        Map<String, Object> config = new HashMap<>(GroupTesting.memberConfig(protocol, args[1], Map.of()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long deadline = System.nanoTime() + LIFETIME.toNanos();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(args[2]));
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    consumer.commitSync();
                    System.out.println("committed after " + records.count() + " records, assignment "
                            + consumer.assignment());
                }
            }
        }
    }
}
