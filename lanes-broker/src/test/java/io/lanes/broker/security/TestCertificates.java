package io.lanes.broker.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Self-signed certificates made with the JDK's keytool for TLS tests: a broker certificate for
 * {@code 127.0.0.1}/{@code localhost}, a client certificate, and truststores trusting each.
 * Files are PKCS12 unless a JKS copy is asked for; every store password is {@link #PASSWORD}.
 */
final class TestCertificates {
    static final String PASSWORD = "test-secret";

    final Path brokerKeystore;
    final Path brokerTruststore;
    final Path clientKeystore;
    final Path clientTruststore;
    final Path strangerKeystore;

    private TestCertificates(Path dir) {
        this.brokerKeystore = dir.resolve("broker.p12");
        this.brokerTruststore = dir.resolve("broker-trust.p12");
        this.clientKeystore = dir.resolve("client.p12");
        this.clientTruststore = dir.resolve("client-trust.p12");
        this.strangerKeystore = dir.resolve("stranger.p12");
    }

    /** Generates every store in {@code dir}. */
    static TestCertificates create(Path dir) throws IOException, InterruptedException {
        TestCertificates certs = new TestCertificates(dir);
        keypair(certs.brokerKeystore, "broker", "CN=localhost,OU=Brokers,O=Lanes", "SAN=IP:127.0.0.1,DNS:localhost");
        keypair(certs.clientKeystore, "client", "CN=alice,OU=Clients,O=Lanes", null);
        keypair(certs.strangerKeystore, "stranger", "CN=mallory,OU=Nobody,O=Elsewhere", null);
        trust(certs.brokerKeystore, "broker", dir.resolve("broker.crt"), certs.clientTruststore);
        trust(certs.clientKeystore, "client", dir.resolve("client.crt"), certs.brokerTruststore);
        return certs;
    }

    /** A JKS copy of a PKCS12 store. */
    static Path jksCopy(Path pkcs12) throws IOException, InterruptedException {
        Path jks = pkcs12.resolveSibling(pkcs12.getFileName().toString().replace(".p12", ".jks"));
        keytool("-importkeystore", "-srckeystore", pkcs12.toString(), "-srcstoretype", "PKCS12",
                "-srcstorepass", PASSWORD, "-destkeystore", jks.toString(), "-deststoretype", "JKS",
                "-deststorepass", PASSWORD, "-noprompt");
        return jks;
    }

    /** The key of a PKCS12 store as PEM (PKCS#8), and its certificate chain as PEM: [key, chain]. */
    static String[] pem(Path pkcs12, String alias) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pkcs12)) {
            store.load(in, PASSWORD.toCharArray());
        }
        Key key = store.getKey(alias, PASSWORD.toCharArray());
        StringBuilder chain = new StringBuilder();
        for (Certificate cert : store.getCertificateChain(alias)) {
            chain.append(pemBlock("CERTIFICATE", cert.getEncoded()));
        }
        return new String[] {pemBlock("PRIVATE KEY", key.getEncoded()), chain.toString()};
    }

    private static String pemBlock(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keypair(Path keystore, String alias, String dname, String extension)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize",
                "2048", "-validity", "2", "-dname", dname, "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (extension != null) {
            args.add("-ext");
            args.add(extension);
        }
        keytool(args.toArray(String[]::new));
    }

    private static void trust(Path keystore, String alias, Path cert, Path truststore)
            throws IOException, InterruptedException {
        keytool("-exportcert", "-alias", alias, "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-rfc", "-file", cert.toString());
        keytool("-importcert", "-alias", alias, "-file", cert.toString(), "-keystore", truststore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt");
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
