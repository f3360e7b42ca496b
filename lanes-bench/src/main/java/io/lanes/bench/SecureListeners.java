package io.lanes.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The secure listeners of the security benchmark, configured alike on Kafka and Lanes with Kafka's names: an
 * {@code SSL} and a {@code SASL_SSL} listener (SCRAM-SHA-512) beside {@code PLAINTEXT}, one self-signed broker
 * certificate (PKCS12 keystore made with the JDK's {@code keytool}, for {@code 127.0.0.1}) that clients trust as a
 * PEM file, and one SCRAM user created over the PLAINTEXT listener with the Admin client.
 *
 * @param keystore    the broker's PKCS12 keystore
 * @param certificate the broker certificate as PEM, the clients' trust store
 */
record SecureListeners(Path keystore, Path certificate) {

    static final String PASSWORD = "bench-keystore";
    static final String MECHANISM = "SCRAM-SHA-512";
    static final String USER = "bench";
    static final String USER_PASSWORD = "bench-secret";
    /** The client-side listeners besides PLAINTEXT, named after their security protocols. */
    static final List<String> SECURE = List.of("SSL", "SASL_SSL");

    /** Makes the key pair and certificate in {@code dir} with {@code keytool}. */
    static SecureListeners create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path keystore = dir.resolve("broker.p12");
        Path certificate = dir.resolve("broker.pem");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                "-dname", "CN=localhost", "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        return new SecureListeners(keystore, certificate);
    }

    /** Broker settings both brokers take: the keystore and the enabled mechanism. */
    Map<String, String> brokerSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ssl.keystore.location", keystore.toString());
        settings.put("ssl.keystore.type", "PKCS12");
        settings.put("ssl.keystore.password", PASSWORD);
        settings.put("sasl.enabled.mechanisms", MECHANISM);
        return settings;
    }

    /** Kafka also needs the listener's SCRAM login module named in JAAS (Lanes does not, see DIFFERENCES). */
    Map<String, String> kafkaSettings() {
        Map<String, String> settings = brokerSettings();
        settings.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        return settings;
    }

    /** Lanes' {@code listeners} for PLAINTEXT, SSL and SASL_SSL on the given ports. */
    static String lanesListeners(String host, int plaintext, int ssl, int saslSsl) {
        return "PLAINTEXT://" + host + ":" + plaintext + ",SSL://" + host + ":" + ssl + ",SASL_SSL://" + host + ":" + saslSsl;
    }

    /** Client settings ({@code key=value}) for a listener whose security protocol is {@code protocol}. */
    List<String> clientProperties(String protocol) {
        List<String> properties = new ArrayList<>();
        properties.add("security.protocol=" + protocol);
        if (protocol.endsWith("SSL")) {
            properties.add("ssl.truststore.type=PEM");
            properties.add("ssl.truststore.location=" + certificate);
        }
        if (protocol.startsWith("SASL")) {
            properties.add("sasl.mechanism=" + MECHANISM);
            properties.add("sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + USER + "\" password=\"" + USER_PASSWORD + "\";");
        }
        return properties;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
