package io.lanes.bench;

import io.lanes.launch.BrokerStartException;
import io.lanes.launch.KafkaBroker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Apache Kafka from the Maven Central jars, as {@code kafka-server-start.sh} would run it: one KRaft
 * combined broker+controller on loopback (lanes-launch's {@link KafkaBroker}), storage formatted first,
 * launcher-default heap ({@code -Xmx1G -Xms1G}), G1 options, GC log and local JMX agent.
 * The configuration mirrors the quick-start {@code config/server.properties} of the distribution
 * (a dynamic controller quorum, formatted {@code --standalone}).
 */
final class KafkaLauncher implements BrokerLauncher {

    private static final String HOST = "127.0.0.1";

    private final BenchConfig config;
    private final Optional<SecureListeners> secure;

    KafkaLauncher(BenchConfig config) {
        this(config, Optional.empty());
    }

    /** With {@code secure}: SSL and SASL_SSL listeners beside PLAINTEXT. */
    KafkaLauncher(BenchConfig config, Optional<SecureListeners> secure) {
        this.config = config;
        this.secure = secure;
    }

    @Override
    public RunningBroker start(Path dir) throws BenchException, IOException, InterruptedException {
        List<String> options = new ArrayList<>(JvmOptions.split(config.kafkaHeap()));
        options.addAll(JvmOptions.KAFKA_PERFORMANCE);
        options.add("-Xlog:gc*:file=" + dir.resolve("kafkaServer-gc.log") + ":time,tags:filecount=10,filesize=100M");
        options.addAll(JvmOptions.KAFKA_JMX);
        options.add("-Dkafka.logs.dir=" + dir);
        options.addAll(JvmOptions.flightRecorder(config.profileFile(BrokerKind.KAFKA)));
        try {
            KafkaBroker.Builder builder = KafkaBroker.builder(dir)
                    .name("kafka")
                    .config(quickStartProperties())
                    .jvmOptions(options)
                    .rootLogLevel("INFO")
                    .dynamicQuorum(true)
                    .startupTimeout(config.startupTimeout());
            secure.ifPresent(s -> {
                SecureListeners.SECURE.forEach(name -> builder.listener(name, name));
                builder.config(s.kafkaSettings());
            });
            KafkaBroker kafka = builder.start();
            Map<String, String> listeners = new LinkedHashMap<>();
            if (secure.isPresent()) {
                SecureListeners.SECURE.forEach(name -> listeners.put(name, kafka.bootstrapServers(name)));
            }
            return new RunningBroker(BrokerKind.KAFKA, kafka.jvm(), HOST, kafka.port(), kafka.startupMillis(), listeners);
        } catch (BrokerStartException e) {
            throw new BenchException(e.getMessage(), e);
        }
    }

    /** The quick-start {@code config/server.properties} entries beyond listeners, quorum and {@code log.dirs}. */
    static Map<String, String> quickStartProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("num.network.threads", "3");
        properties.put("num.io.threads", "8");
        properties.put("socket.send.buffer.bytes", "102400");
        properties.put("socket.receive.buffer.bytes", "102400");
        properties.put("socket.request.max.bytes", "104857600");
        properties.put("num.partitions", "1");
        properties.put("num.recovery.threads.per.data.dir", "1");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("log.retention.hours", "168");
        properties.put("log.segment.bytes", "1073741824");
        properties.put("log.retention.check.interval.ms", "300000");
        return properties;
    }
}
