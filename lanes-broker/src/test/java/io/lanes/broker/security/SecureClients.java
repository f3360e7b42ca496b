package io.lanes.broker.security;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Java client settings for the secure listener tests, and produce/consume round trips through them. */
final class SecureClients {
    private final Map<String, Object> settings = new HashMap<>();

    private SecureClients(String bootstrap, String protocol) {
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, protocol);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
        settings.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    }

    static SecureClients of(String bootstrap, String protocol) {
        return new SecureClients(bootstrap, protocol);
    }

    SecureClients trusting(Path truststore) {
        settings.put("ssl.truststore.location", truststore.toString());
        settings.put("ssl.truststore.password", TestCertificates.PASSWORD);
        settings.put("ssl.truststore.type", truststore.toString().endsWith(".jks") ? "JKS" : "PKCS12");
        return this;
    }

    SecureClients withKeystore(Path keystore) {
        settings.put("ssl.keystore.location", keystore.toString());
        settings.put("ssl.keystore.password", TestCertificates.PASSWORD);
        settings.put("ssl.key.password", TestCertificates.PASSWORD);
        settings.put("ssl.keystore.type", "PKCS12");
        return this;
    }

    SecureClients plain(String user, String password) {
        return sasl("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule", user, password);
    }

    SecureClients scram(String mechanism, String user, String password) {
        return sasl(mechanism, "org.apache.kafka.common.security.scram.ScramLoginModule", user, password);
    }

    private SecureClients sasl(String mechanism, String module, String user, String password) {
        settings.put("sasl.mechanism", mechanism);
        settings.put("sasl.jaas.config", module + " required username=\"" + user + "\" password=\"" + password + "\";");
        return this;
    }

    SecureClients with(String key, Object value) {
        settings.put(key, value);
        return this;
    }

    Admin admin() {
        return Admin.create(settings);
    }

    KafkaProducer<String, String> producer() {
        Map<String, Object> props = new HashMap<>(settings);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 8000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 8000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        return new KafkaProducer<>(props);
    }

    KafkaConsumer<String, String> consumer(String group) {
        Map<String, Object> props = new HashMap<>(settings);
        props.remove(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(props);
    }

    /** Produces {@code count} records to {@code topic} and waits for every acknowledgement. */
    void produce(String topic, int count) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
    }

    /** Consumes {@code topic} in a new group until {@code count} values arrived (or 20 s passed). */
    List<String> consume(String topic, int count) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer("g-" + topic + "-" + System.nanoTime())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 20_000;
            while (values.size() < count && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
