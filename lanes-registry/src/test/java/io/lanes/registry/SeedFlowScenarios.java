package io.lanes.registry;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.lanes.registry.RestClient.schema;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed article 001's schema evolution flow on the Java side, with Apache Avro and the Kafka
 * clients: a producer registers v1 and writes with it, the next release registers the backward
 * compatible v2 on first use (as {@code auto.register.schemas} does) and writes with it, a release
 * with the incompatible v3 is refused (409); a consumer reads both records with v2, fetching each
 * writer schema by the id in Confluent's wire format (magic byte 0, 4-byte id, Avro binary).
 */
abstract class SeedFlowScenarios {

    protected abstract String bootstrapServers();

    private RegistryServer server;
    private RestClient rest;

    @BeforeEach
    void startRegistry() {
        server = RegistryServer.start(RegistryConfig.of(bootstrapServers(), "127.0.0.1", 0)
                .withTopic("_schemas-" + UUID.randomUUID()));
        rest = new RestClient(server.url());
    }

    @AfterEach
    void stopRegistry() {
        server.close();
    }

    @Test
    void shouldReadEveryVersionsRecordsWithTheLatestSchemaWhenProducersEvolve() throws Exception {
        // given
        String topic = "users-" + UUID.randomUUID();
        String subject = topic + "-value";
        Schema v1 = new Schema.Parser().parse(Schemas.USER_V1);
        Schema v2 = new Schema.Parser().parse(Schemas.USER_V2);
        GenericRecord ada = new GenericData.Record(v1);
        ada.put("id", 1L);
        ada.put("name", "ada");
        GenericRecord bob = new GenericData.Record(v2);
        bob.put("id", 2L);
        bob.put("name", "bob");
        bob.put("email", "bob@example.com");

        // when
        int id1 = register(subject, Schemas.USER_V1);
        int id2 = register(subject, Schemas.USER_V2);
        RestClient.Reply v3 = rest.post("/subjects/" + subject + "/versions", schema(Schemas.USER_V3_INCOMPATIBLE));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, encode(id1, v1, ada))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, encode(id2, v2, bob))).get(30, TimeUnit.SECONDS);
        }
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                bootstrapServers(), "group.id", "seed-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (read.size() < 2 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read.add(decode(record.value(), v2).toString());
                }
            }
        }

        // then
        assertThat(id2).isNotEqualTo(id1);
        assertThat(v3.status()).isEqualTo(409);
        assertThat(read).containsExactly("{\"id\": 1, \"name\": \"ada\", \"email\": null}",
                "{\"id\": 2, \"name\": \"bob\", \"email\": \"bob@example.com\"}");
    }

    /** What a serializer with {@code auto.register.schemas} does on first use: register, keep the id. */
    private int register(String subject, String schemaText) {
        RestClient.Reply reply = rest.post("/subjects/" + subject + "/versions", schema(schemaText));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.json().get("id").asInt();
    }

    private static byte[] encode(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private GenericRecord decode(byte[] bytes, Schema reader) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        assertThat(buffer.get()).as("magic byte").isZero();
        int id = buffer.getInt();
        Schema writer = new Schema.Parser().parse(rest.get("/schemas/ids/" + id + "/schema").text());
        return new GenericDatumReader<GenericRecord>(writer, reader).read(null,
                DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
    }
}
