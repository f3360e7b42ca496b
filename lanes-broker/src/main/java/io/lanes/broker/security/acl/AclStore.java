package io.lanes.broker.security.acl;

import io.lanes.broker.metadata.DurableProperties;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The ACLs of the broker, kept durably in {@code acls.properties} of the data directory.
 *
 * <p>File format: a {@link Properties} file, one entry per ACL binding, keys {@code acl.<n>} (n
 * from 0, in the order the bindings were created), value seven space-separated fields
 * {@code <resourceType> <patternType> <resourceName> <principal> <host> <operation> <permission>},
 * enum names as Kafka spells them, the three strings URL-encoded (UTF-8) so any character survives.
 * Each change rewrites the file atomically (written, fsynced, renamed) before it is answered, so an
 * acknowledged change survives a crash (kill -9) and a crash never leaves a torn file.
 *
 * <p>Thread-safe: changes are serialized by this object's lock; {@link #index()} is a volatile
 * read of an immutable snapshot, so authorization never takes the lock.
 */
public final class AclStore {
    static final String FILE = "acls.properties";

    private final Path file;
    private volatile AclIndex index;

    private AclStore(Path file, AclIndex index) {
        this.file = file;
        this.index = index;
    }

    /** Loads the ACLs of {@code dataDir}, none if it has no file yet. */
    public static AclStore load(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return new AclStore(file, AclIndex.EMPTY);
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        TreeMap<Integer, AclBinding> ordered = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            if (!key.startsWith("acl.")) {
                throw new IllegalStateException("unexpected entry " + key + " in " + file);
            }
            ordered.put(Integer.parseInt(key.substring(4)), decode(props.getProperty(key), file));
        }
        return new AclStore(file, new AclIndex(ordered.values()));
    }

    /** The current ACLs. */
    public AclIndex index() {
        return index;
    }

    /** Adds {@code bindings} (present ones stay once) and makes the result durable before returning. */
    public synchronized void add(Collection<AclBinding> bindings) {
        replace(index.plus(bindings));
    }

    /** Removes {@code bindings} and makes the result durable before returning. */
    public synchronized void remove(Collection<AclBinding> bindings) {
        replace(index.minus(bindings));
    }

    private void replace(AclIndex next) {
        Properties props = new Properties();
        int n = 0;
        for (AclBinding binding : next.bindings()) {
            props.setProperty("acl." + n++, encode(binding));
        }
        DurableProperties.write(file, props, "ACL bindings: resourceType patternType name principal host operation "
                + "permission");
        index = next;
    }

    static String encode(AclBinding binding) {
        ResourcePattern p = binding.pattern();
        AccessControlEntry e = binding.entry();
        return String.join(" ", p.resourceType().name(), p.patternType().name(), url(p.name()), url(e.principal()),
                url(e.host()), e.operation().name(), e.permissionType().name());
    }

    static AclBinding decode(String line, Path file) {
        String[] f = line.split(" ");
        if (f.length != 7) {
            throw new IllegalStateException("malformed ACL '" + line + "' in " + file);
        }
        return new AclBinding(
                new ResourcePattern(ResourceType.valueOf(f[0]), unurl(f[2]), PatternType.valueOf(f[1])),
                new AccessControlEntry(unurl(f[3]), unurl(f[4]), AclOperation.valueOf(f[5]),
                        AclPermissionType.valueOf(f[6])));
    }

    private static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String unurl(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** For tests: every binding. */
    List<AclBinding> all() {
        return new ArrayList<>(index.bindings());
    }
}
