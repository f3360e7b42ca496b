package io.lanes.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.Uuid;

/**
 * Apache Kafka from the Maven Central jars, as {@code kafka-server-start.sh} would run it: one KRaft
 * combined broker+controller on loopback, storage formatted first with {@code kafka.tools.StorageTool},
 * launcher-default heap ({@code -Xmx1G -Xms1G}), G1 options, GC log and local JMX agent.
 * The configuration mirrors the quick-start {@code config/server.properties} of the distribution.
 */
final class KafkaLauncher implements BrokerLauncher {

    private static final String HOST = "127.0.0.1";

    private final BenchConfig config;

    KafkaLauncher(BenchConfig config) {
        this.config = config;
    }

    @Override
    public RunningBroker start(Path dir) throws BenchException, IOException, InterruptedException {
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        while (controllerPort == port) {
            controllerPort = FreePorts.next();
        }
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, serverProperties(dir.resolve("data"), port, controllerPort));
        format(dir, properties);

        Path log4j = Log4jConfig.write(dir, "kafka-log4j2.properties", "INFO");
        List<String> options = new ArrayList<>(JvmOptions.split(config.kafkaHeap()));
        options.addAll(JvmOptions.KAFKA_PERFORMANCE);
        options.add("-Xlog:gc*:file=" + dir.resolve("kafkaServer-gc.log") + ":time,tags:filecount=10,filesize=100M");
        options.addAll(JvmOptions.KAFKA_JMX);
        options.add("-Dkafka.logs.dir=" + dir);
        options.add("-Dlog4j2.configurationFile=" + log4j);
        options.addAll(JvmOptions.flightRecorder(config.profileFile(BrokerKind.KAFKA)));

        ChildJvm jvm = ChildJvm.start("kafka", options, "kafka.Kafka", List.of(properties.toString()),
                dir.resolve("kafka.log"));
        try {
            long ready = ApiVersionsProbe.awaitReady(jvm, HOST, port,
                    System.nanoTime() + config.startupTimeout().toNanos());
            return new RunningBroker(BrokerKind.KAFKA, jvm, HOST, port, (ready - jvm.spawnNanos()) / 1e6);
        } catch (BenchException | InterruptedException | RuntimeException e) {
            jvm.close();
            throw e;
        }
    }

    private void format(Path dir, Path properties) throws BenchException, IOException, InterruptedException {
        Path log4j = Log4jConfig.write(dir, "tools-log4j2.properties", "WARN");
        List<String> args = List.of("format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString(),
                "--standalone");
        try (ChildJvm format = ChildJvm.start("kafka-storage-format", JvmOptions.tool(log4j),
                "kafka.tools.StorageTool", args, dir.resolve("storage-format.log"))) {
            int exit = format.awaitExit(config.startupTimeout());
            if (exit != 0) {
                throw new BenchException("kafka storage format failed (exit " + exit + "):\n" + format.tail(30));
            }
        } catch (TimeoutException e) {
            throw new BenchException(e.getMessage(), e);
        }
    }

    static String serverProperties(Path dataDir, int port, int controllerPort) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + HOST + ":" + controllerPort,
                "listeners=PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort,
                "inter.broker.listener.name=PLAINTEXT",
                "advertised.listeners=PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "num.network.threads=3",
                "num.io.threads=8",
                "socket.send.buffer.bytes=102400",
                "socket.receive.buffer.bytes=102400",
                "socket.request.max.bytes=104857600",
                "log.dirs=" + dataDir,
                "num.partitions=1",
                "num.recovery.threads.per.data.dir=1",
                "offsets.topic.replication.factor=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "log.retention.hours=168",
                "log.segment.bytes=1073741824",
                "log.retention.check.interval.ms=300000",
                "");
    }
}
