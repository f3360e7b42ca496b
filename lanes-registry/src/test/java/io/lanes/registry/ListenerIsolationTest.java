package io.lanes.registry;

import io.lanes.testkit.LanesExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's HTTP side runs on its own threads: registry clients that hang mid-request (more
 * of them than the registry has threads) do not slow the Kafka listener of the broker in the
 * same process.
 */
class ListenerIsolationTest {

    @RegisterExtension
    static final LanesExtension LANES = LanesExtension.builder().build();

    @Test
    void shouldKeepServingKafkaClientsWhenRegistryClientsHang() throws Exception {
        // given: 16 connections that send half a request and wait
        String topic = "isolation-" + UUID.randomUUID();
        List<Socket> hanging = new ArrayList<>();
        try (RegistryServer server = RegistryServer.start(RegistryConfig.of(LANES.bootstrapServers(), "127.0.0.1", 0))) {
            for (int i = 0; i < 16; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                OutputStream out = socket.getOutputStream();
                out.write(("POST /subjects/s/versions HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"sch")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                hanging.add(socket);
            }

            // when
            long started = System.nanoTime();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    LANES.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS);
            }
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                    LANES.bootstrapServers(), "group.id", "isolation", "auto.offset.reset", "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(topic));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (read.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                }
            }
            long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

            // then
            assertThat(read).extracting(ConsumerRecord::value).containsExactly("v");
            assertThat(elapsed).as("seconds to produce and consume one record").isLessThan(25);
        } finally {
            for (Socket socket : hanging) {
                socket.close();
            }
        }
    }
}
