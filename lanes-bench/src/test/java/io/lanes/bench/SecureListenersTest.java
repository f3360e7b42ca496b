package io.lanes.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SecureListenersTest {

    private final SecureListeners secure = new SecureListeners(Path.of("broker.p12"), Path.of("broker.pem"));

    @Test
    void shouldTrustTheBrokerCertificateAndLogInWithScramWhenTheListenerIsSaslSsl() {
        // when
        var properties = secure.clientProperties("SASL_SSL");

        // then
        assertThat(properties).contains("security.protocol=SASL_SSL", "ssl.truststore.type=PEM",
                "ssl.truststore.location=broker.pem", "sasl.mechanism=SCRAM-SHA-512");
        assertThat(properties).anyMatch(p -> p.startsWith("sasl.jaas.config=org.apache.kafka.common.security.scram"
                + ".ScramLoginModule required username=\"bench\""));
    }

    @Test
    void shouldAddNothingButTheProtocolWhenTheListenerIsPlaintext() {
        // when
        var properties = secure.clientProperties("PLAINTEXT");

        // then
        assertThat(properties).containsExactly("security.protocol=PLAINTEXT");
    }

    @Test
    void shouldGiveBothBrokersTheSameKeystoreAndMechanismAndKafkaItsJaasEntry() {
        // when
        var lanes = secure.brokerSettings();
        var kafka = secure.kafkaSettings();

        // then
        assertThat(kafka).containsAllEntriesOf(lanes);
        assertThat(lanes).containsEntry("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .containsEntry("ssl.keystore.type", "PKCS12");
        assertThat(kafka).containsKey("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config");
        assertThat(SecureListeners.lanesListeners("127.0.0.1", 1, 2, 3))
                .isEqualTo("PLAINTEXT://127.0.0.1:1,SSL://127.0.0.1:2,SASL_SSL://127.0.0.1:3");
    }
}
