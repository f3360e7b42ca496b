package io.lanes.conformance.clients;

import io.lanes.broker.BrokerConfig;
import io.lanes.broker.LanesBroker;
import io.lanes.conformance.harness.CommandRunner;
import io.lanes.conformance.harness.ExternalTools;
import io.lanes.conformance.harness.Librdkafka;
import io.lanes.conformance.harness.ProcessResult;
import io.lanes.conformance.harness.TestTls;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * librdkafka (kcat and python3-confluent-kafka) against a SASL_SSL listener: SCRAM-SHA-256/512 with the
 * current librdkafka, PLAIN with Debian's, and Debian's 2.0.2 SCRAM refused as Apache Kafka 4 refuses it
 * (its client-final nonce is not the server's, CVE-2024-56128). SCRAM users are created with the Java
 * Admin client over a PLAINTEXT listener; the broker certificate is self-signed and given to librdkafka
 * as {@code ssl.ca.location}. One in-process broker per class.
 */
class SecureListenersLibrdkafkaConformanceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String PLAIN_USERS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "user_paula=\"paula-secret\";";

    @TempDir
    static Path workDir;
    private static TestTls tls;
    private static LanesBroker broker;
    private static Path script;

    @BeforeAll
    static void startBroker() throws Exception {
        tls = TestTls.create(Files.createDirectories(workDir.resolve("tls")));
        broker = LanesBroker.start(BrokerConfig.from(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0",
                "log.dirs", workDir.resolve("data").toString(),
                "lanes.http.port", "0",
                "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
                "listener.name.sasl_ssl.plain.sasl.jaas.config", PLAIN_USERS,
                "ssl.keystore.location", tls.keystore().toString(),
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.password", TestTls.PASSWORD)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers("PLAINTEXT")))) {
            admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion("sam", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096),
                            "sam-secret"),
                    new UserScramCredentialUpsertion("sally", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                            "sally-secret"))).all().get();
        }
        script = workDir.resolve("secure_clients.py");
        try (InputStream in = Objects.requireNonNull(
                SecureListenersLibrdkafkaConformanceTest.class.getResourceAsStream("secure_clients.py"))) {
            Files.copy(in, script);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static List<String> security(String mechanism, String user, String password) {
        return List.of("security.protocol=SASL_SSL", "sasl.mechanisms=" + mechanism, "sasl.username=" + user,
                "sasl.password=" + password, "ssl.ca.location=" + tls.pem());
    }

    private static ProcessResult kcat(Librdkafka build, List<String> security, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(ExternalTools.kcat().toString(), "-b",
                broker.bootstrapServers("SASL_SSL")));
        security.forEach(setting -> {
            command.add("-X");
            command.add(setting);
        });
        command.addAll(List.of(args));
        return CommandRunner.run(command, TIMEOUT, stdin, build.environment());
    }

    private static ProcessResult python(Librdkafka build, List<String> security, String topic, int count) {
        List<String> command = new ArrayList<>(List.of(ExternalTools.pythonWithConfluentKafka().toString(),
                script.toString(), "--bootstrap", broker.bootstrapServers("SASL_SSL"), "--topic", topic,
                "--count", String.valueOf(count)));
        security.forEach(setting -> {
            command.add("--set");
            command.add(setting);
        });
        return CommandRunner.run(command, TIMEOUT, null, build.environment());
    }

    private static String lines(int count) {
        return IntStream.range(0, count).mapToObj(i -> "m" + i).collect(Collectors.joining("\n", "", "\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-256", "SCRAM-SHA-512"})
    void shouldProduceAndConsumeWithKcatOverSaslSslWhenCurrentLibrdkafkaUsesScram(String mechanism) {
        // given
        Librdkafka.CURRENT.loadedByKcat(ExternalTools.kcat());
        List<String> security = mechanism.equals("SCRAM-SHA-256") ? security(mechanism, "sam", "sam-secret")
                : security(mechanism, "sally", "sally-secret");
        String topic = "kcat-" + mechanism.toLowerCase();

        // when
        ProcessResult produced = kcat(Librdkafka.CURRENT, security, lines(5), "-P", "-t", topic);
        ProcessResult consumed = kcat(Librdkafka.CURRENT, security, null, "-C", "-t", topic, "-o", "beginning", "-e");

        // then
        assertThat(produced.exitCode()).as(produced.describe()).isZero();
        assertThat(consumed.exitCode()).as(consumed.describe()).isZero();
        assertThat(consumed.stdout().lines().toList()).as(consumed.describe())
                .containsExactly("m0", "m1", "m2", "m3", "m4");
    }

    @Test
    void shouldProduceAndConsumeWithKcatOverSaslSslWhenDebiansLibrdkafkaUsesPlain() {
        // given
        Librdkafka.DEBIAN.loadedByKcat(ExternalTools.kcat());
        List<String> security = security("PLAIN", "paula", "paula-secret");

        // when
        ProcessResult produced = kcat(Librdkafka.DEBIAN, security, lines(3), "-P", "-t", "kcat-plain");
        ProcessResult consumed = kcat(Librdkafka.DEBIAN, security, null, "-C", "-t", "kcat-plain", "-o", "beginning",
                "-e");

        // then
        assertThat(produced.exitCode()).as(produced.describe()).isZero();
        assertThat(consumed.stdout().lines().toList()).as(consumed.describe()).containsExactly("m0", "m1", "m2");
    }

    @Test
    void shouldRefuseDebiansLibrdkafkaScramAsKafka4DoesWhenItsFinalNonceIsNotTheServers() {
        // given
        Librdkafka.DEBIAN.loadedByKcat(ExternalTools.kcat());

        // when
        ProcessResult listed = kcat(Librdkafka.DEBIAN, security("SCRAM-SHA-256", "sam", "sam-secret"), null,
                "-L", "-m", "10");

        // then
        assertThat(listed.exitCode()).as(listed.describe()).isNotZero();
        assertThat(listed.stdout() + listed.stderr()).as(listed.describe())
                .contains("Authentication failed during authentication due to invalid credentials with SASL "
                        + "mechanism SCRAM-SHA-256");
    }

    @Test
    void shouldFailKcatWithKafkasMessageWhenThePasswordIsWrong() {
        // when
        ProcessResult listed = kcat(Librdkafka.CURRENT, security("SCRAM-SHA-512", "sally", "not-sallys"), null,
                "-L", "-m", "10");

        // then
        assertThat(listed.exitCode()).as(listed.describe()).isNotZero();
        assertThat(listed.stdout() + listed.stderr()).as(listed.describe())
                .contains("Authentication failed during authentication due to invalid credentials with SASL "
                        + "mechanism SCRAM-SHA-512");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-256", "SCRAM-SHA-512"})
    void shouldProduceAndConsumeWithConfluentKafkaWhenCurrentLibrdkafkaUsesScram(String mechanism) {
        // given
        Librdkafka.CURRENT.loadedByPython(ExternalTools.pythonWithConfluentKafka());
        List<String> security = mechanism.equals("SCRAM-SHA-256") ? security(mechanism, "sam", "sam-secret")
                : security(mechanism, "sally", "sally-secret");

        // when
        ProcessResult result = python(Librdkafka.CURRENT, security, "py-" + mechanism.toLowerCase(), 10);

        // then
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).contains("DELIVERED\t10\tFAILED\t0").contains("END\t10")
                .doesNotContain("ERROR");
    }

    @Test
    void shouldProduceAndConsumeWithConfluentKafkaWhenDebiansLibrdkafkaUsesPlain() {
        // given
        Librdkafka.DEBIAN.loadedByPython(ExternalTools.pythonWithConfluentKafka());

        // when
        ProcessResult result = python(Librdkafka.DEBIAN, security("PLAIN", "paula", "paula-secret"), "py-plain", 10);

        // then
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).contains("DELIVERED\t10\tFAILED\t0").contains("END\t10");
    }

    @Test
    void shouldReportAnAuthenticationErrorToConfluentKafkaWhenThePlainPasswordIsWrong() {
        // when
        ProcessResult result = python(Librdkafka.CURRENT, security("PLAIN", "paula", "wrong"), "py-wrong", 1);

        // then
        assertThat(result.stdout()).as(result.describe()).contains("ERROR\t_AUTHENTICATION")
                .contains("Authentication failed: Invalid username or password").contains("DELIVERED\t0");
    }

}
