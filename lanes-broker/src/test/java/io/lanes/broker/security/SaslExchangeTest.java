package io.lanes.broker.security;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import io.lanes.broker.RawKafkaClient;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.requests.SaslAuthenticateResponse;
import org.apache.kafka.common.requests.SaslHandshakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SASL exchange frame by frame: order, versions and refusals, as Kafka's SaslServerAuthenticator. */
class SaslExchangeTest {
    @TempDir
    Path dataDir;
    private LanesBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(),
                "lanes.http.port", "0",
                "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_bob=\"bob-secret\";")));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static byte[] plainToken(String user, String password) {
        return ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldAnswerIllegalSaslStateAndCloseWhenSaslAuthenticateComesBeforeTheHandshake() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port("SASL_PLAINTEXT"))) {
            // when
            SaslAuthenticateResponse response = (SaslAuthenticateResponse) client.send(ApiKeys.SASL_AUTHENTICATE,
                    (short) 2, new SaslAuthenticateRequestData().setAuthBytes(plainToken("bob", "bob-secret")));

            // then
            assertThat(response.error()).isEqualTo(Errors.ILLEGAL_SASL_STATE);
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    void shouldCloseWithoutAnswerWhenAnotherRequestComesBeforeAuthentication() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port("SASL_PLAINTEXT"))) {
            // when
            java.io.IOException failure = null;
            try {
                client.send(ApiKeys.METADATA, (short) 12, new MetadataRequestData());
            } catch (java.io.IOException e) {
                failure = e;
            }

            // then
            assertThat(failure).isNotNull();
        }
    }

    @Test
    void shouldCloseWhenAFrameBeforeAuthenticationExceedsTheSaslReceiveLimit() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port("SASL_PLAINTEXT"))) {
            // given: a SaslHandshake padded to one byte over sasl.server.max.receive.size (Kafka's default,
            // 512 KiB); below the limit the padding would be ignored and the handshake answered
            ByteBuffer handshake = new SaslHandshakeRequest.Builder(new SaslHandshakeRequestData().setMechanism("PLAIN"))
                    .build((short) 1).serializeWithHeader(new RequestHeader(ApiKeys.SASL_HANDSHAKE, (short) 1, "big", 1));
            int size = 524_289;
            ByteBuffer frame = ByteBuffer.allocate(4 + size).putInt(size).put(handshake);

            // when
            client.writeRaw(frame.array());

            // then: closed without an answer
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    void shouldListTheEnabledMechanismsAndCloseWhenTheMechanismIsUnknown() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port("SASL_PLAINTEXT"))) {
            // when
            SaslHandshakeResponse response = (SaslHandshakeResponse) client.send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                    new SaslHandshakeRequestData().setMechanism("GSSAPI"));

            // then
            assertThat(response.error()).isEqualTo(Errors.UNSUPPORTED_SASL_MECHANISM);
            assertThat(response.data().mechanisms()).containsExactly("PLAIN", "SCRAM-SHA-256");
            assertThat(client.closedByBroker()).isTrue();
        }
    }

    @Test
    void shouldAuthenticateWithBareTokensWhenTheHandshakeIsVersionZero() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port("SASL_PLAINTEXT"))) {
            // given
            SaslHandshakeResponse handshake = (SaslHandshakeResponse) client.send(ApiKeys.SASL_HANDSHAKE, (short) 0,
                    new SaslHandshakeRequestData().setMechanism("PLAIN"));
            byte[] token = plainToken("bob", "bob-secret");

            // when
            client.writeRaw(ByteBuffer.allocate(4 + token.length).putInt(token.length).put(token).array());
            byte[] reply = client.readRaw();
            MetadataResponse metadata = (MetadataResponse) client.send(ApiKeys.METADATA, (short) 12,
                    new MetadataRequestData());

            // then
            assertThat(handshake.error()).isEqualTo(Errors.NONE);
            assertThat(reply).isEmpty();
            assertThat(metadata.brokers()).extracting(n -> n.port()).containsExactly(broker.port("SASL_PLAINTEXT"));
        }
    }

    @Test
    void shouldAnswerIllegalSaslStateWithoutClosingWhenSaslArrivesOnAPlaintextListener() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.port("PLAINTEXT"))) {
            // when
            SaslHandshakeResponse response = (SaslHandshakeResponse) client.send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                    new SaslHandshakeRequestData().setMechanism("PLAIN"));
            MetadataResponse metadata = (MetadataResponse) client.send(ApiKeys.METADATA, (short) 12,
                    new MetadataRequestData());

            // then
            assertThat(response.error()).isEqualTo(Errors.ILLEGAL_SASL_STATE);
            assertThat(metadata.brokers()).hasSize(1);
        }
    }
}
