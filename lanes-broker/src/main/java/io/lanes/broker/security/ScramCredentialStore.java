package io.lanes.broker.security;

import io.lanes.broker.metadata.DurableProperties;
import org.apache.kafka.common.security.authenticator.CredentialCache;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramCredentialUtils;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The SCRAM credentials of users, kept durably in {@code scram-credentials.properties} of the data
 * directory and served to the SCRAM SASL servers through kafka-clients' {@link CredentialCache}.
 *
 * <p>File format: a {@link Properties} file, one entry per user and mechanism, key
 * {@code <mechanism>:<user>} (for example {@code SCRAM-SHA-256:alice}), value Kafka's credential
 * string {@code salt=<base64>,stored_key=<base64>,server_key=<base64>,iterations=<n>}. Only the
 * salt and the keys derived from the salted password are stored, never a password, as Kafka stores
 * them in its metadata log. Each change rewrites the file atomically (written, fsynced, renamed).
 *
 * <p>Thread-safe: changes are serialized by this object's lock; the cache may be read concurrently.
 */
public final class ScramCredentialStore {
    static final String FILE = "scram-credentials.properties";

    private final Path file;
    private final CredentialCache cache = new CredentialCache();
    private final Map<String, ScramCredential> credentials = new TreeMap<>();

    private ScramCredentialStore(Path file) {
        this.file = file;
        for (ScramMechanism mechanism : ScramMechanism.values()) {
            cache.createCache(mechanism.mechanismName(), ScramCredential.class);
        }
    }

    /** Loads the credentials of {@code dataDir}, none if it has no file yet. */
    public static ScramCredentialStore load(Path dataDir) {
        ScramCredentialStore store = new ScramCredentialStore(dataDir.resolve(FILE));
        if (Files.exists(store.file)) {
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(store.file)) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + store.file, e);
            }
            for (String key : props.stringPropertyNames()) {
                int colon = key.indexOf(':');
                ScramMechanism mechanism = colon < 0 ? null : ScramMechanism.forMechanismName(key.substring(0, colon));
                if (mechanism == null) {
                    throw new IllegalStateException("unexpected entry " + key + " in " + store.file);
                }
                store.apply(mechanism, key.substring(colon + 1),
                        ScramCredentialUtils.credentialFromString(props.getProperty(key)));
            }
        }
        return store;
    }

    /** The mechanism of a wire type byte (1 SCRAM-SHA-256, 2 SCRAM-SHA-512), null for any other. */
    public static ScramMechanism mechanism(byte type) {
        for (ScramMechanism mechanism : ScramMechanism.values()) {
            if (mechanism.type() == type) {
                return mechanism;
            }
        }
        return null;
    }

    /** The cache kafka-clients' SCRAM server callback handler reads for {@code mechanism}. */
    public CredentialCache.Cache<ScramCredential> cache(ScramMechanism mechanism) {
        return cache.cache(mechanism.mechanismName(), ScramCredential.class);
    }

    /** The credential of {@code user} for {@code mechanism}, or null. */
    public synchronized ScramCredential get(String user, ScramMechanism mechanism) {
        return credentials.get(key(mechanism, user));
    }

    /** Every user's credentials: user → mechanism → credential, users sorted. */
    public synchronized Map<String, Map<ScramMechanism, ScramCredential>> all() {
        Map<String, Map<ScramMechanism, ScramCredential>> byUser = new TreeMap<>();
        credentials.forEach((key, credential) -> {
            int colon = key.indexOf(':');
            byUser.computeIfAbsent(key.substring(colon + 1), u -> new TreeMap<>())
                    .put(ScramMechanism.forMechanismName(key.substring(0, colon)), credential);
        });
        return byUser;
    }

    /**
     * Applies upsertions (credential non-null) and deletions (credential null) together and makes
     * them durable before returning.
     */
    public synchronized void change(Map<ScramMechanism, Map<String, ScramCredential>> changes) {
        changes.forEach((mechanism, users) -> users.forEach((user, credential) -> apply(mechanism, user, credential)));
        Properties props = new Properties();
        credentials.forEach((key, credential) -> props.setProperty(key, ScramCredentialUtils.credentialToString(credential)));
        DurableProperties.write(file, props, "SCRAM credentials: salt and derived keys, no passwords");
    }

    private void apply(ScramMechanism mechanism, String user, ScramCredential credential) {
        if (credential == null) {
            credentials.remove(key(mechanism, user));
            cache(mechanism).remove(user);
        } else {
            credentials.put(key(mechanism, user), credential);
            cache(mechanism).put(user, credential);
        }
    }

    private static String key(ScramMechanism mechanism, String user) {
        return mechanism.mechanismName() + ":" + user;
    }
}
