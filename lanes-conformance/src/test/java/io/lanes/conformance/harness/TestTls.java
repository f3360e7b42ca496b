package io.lanes.conformance.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-signed broker certificate for {@code 127.0.0.1}/{@code localhost}, made with the JDK's keytool:
 * the broker's PKCS12 keystore, the certificate as PEM (librdkafka's {@code ssl.ca.location}) and a
 * PKCS12 truststore holding it (Java clients). Every password is {@link #PASSWORD}.
 *
 * @param keystore   the broker's keystore (PKCS12)
 * @param pem        the broker's certificate, PEM
 * @param truststore a truststore trusting the broker (PKCS12)
 */
public record TestTls(Path keystore, Path pem, Path truststore) {
    public static final String PASSWORD = "test-secret";

    /** Generates the stores in {@code dir}. */
    public static TestTls create(Path dir) throws IOException, InterruptedException {
        TestTls tls = new TestTls(dir.resolve("broker.p12"), dir.resolve("broker.pem"), dir.resolve("trust.p12"));
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost,OU=Brokers,O=Lanes", "-ext", "SAN=IP:127.0.0.1,DNS:localhost",
                "-keystore", tls.keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-keystore", tls.keystore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-rfc", "-file", tls.pem.toString());
        keytool("-importcert", "-alias", "broker", "-file", tls.pem.toString(), "-keystore",
                tls.truststore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt");
        return tls;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
