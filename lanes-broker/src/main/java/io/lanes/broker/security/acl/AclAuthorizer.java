package io.lanes.broker.security.acl;

import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.Utils;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The broker's authorizer, configured as Kafka's: {@code authorizer.class.name} names Kafka's
 * {@code StandardAuthorizer} to turn authorization on (any other class fails start-up), empty
 * (the default) leaves every client allowed everything; {@code super.users} lists principals
 * ({@code User:alice;User:bob}) allowed everything; {@code allow.everyone.if.no.acl.found}
 * (default false) allows a request on a resource no ACL names.
 *
 * <p>When authorization is off, every check is one field read and allocates nothing. Thread-safe:
 * the settings are immutable and the ACLs are read from {@link AclStore}'s volatile snapshot.
 */
public final class AclAuthorizer {
    public static final String AUTHORIZER_CLASS_NAME = "authorizer.class.name";
    public static final String SUPER_USERS = "super.users";
    public static final String ALLOW_EVERYONE_IF_NO_ACL_FOUND = "allow.everyone.if.no.acl.found";
    /** The resource name of the one CLUSTER resource. */
    public static final String CLUSTER_NAME = "kafka-cluster";
    /** Kafka 4's only built-in authorizer (its ZooKeeper-era {@code AclAuthorizer} is gone, as in Kafka). */
    public static final String STANDARD_AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    /** No authorizer: everything is allowed and the ACL APIs answer SECURITY_DISABLED. */
    public static final AclAuthorizer DISABLED = new AclAuthorizer(false, Set.of(), false, null);

    private final boolean enabled;
    private final Set<String> superUsers;
    private final boolean allowIfNoAcl;
    private final AclStore store;

    private AclAuthorizer(boolean enabled, Set<String> superUsers, boolean allowIfNoAcl, AclStore store) {
        this.enabled = enabled;
        this.superUsers = superUsers;
        this.allowIfNoAcl = allowIfNoAcl;
        this.store = store;
    }

    /**
     * The authorizer {@code settings} configure, its ACLs loaded from {@code dataDir}; {@link #DISABLED}
     * when {@code authorizer.class.name} is unset or empty.
     *
     * @throws ConfigException if {@code authorizer.class.name} names a class Lanes does not provide
     */
    public static AclAuthorizer create(Map<String, String> settings, Path dataDir) {
        String className = settings.getOrDefault(AUTHORIZER_CLASS_NAME, "").trim();
        if (className.isEmpty()) {
            return DISABLED;
        }
        if (!STANDARD_AUTHORIZER.equals(className)) {
            throw new ConfigException(AUTHORIZER_CLASS_NAME, className, "Lanes provides " + STANDARD_AUTHORIZER
                    + " only");
        }
        return new AclAuthorizer(true, superUsers(settings.get(SUPER_USERS)),
                Boolean.parseBoolean(settings.getOrDefault(ALLOW_EVERYONE_IF_NO_ACL_FOUND, "false").trim()),
                AclStore.load(dataDir));
    }

    /** A configured authorizer over {@code store}, for tests. */
    public static AclAuthorizer of(AclStore store, Set<String> superUsers, boolean allowIfNoAcl) {
        return new AclAuthorizer(true, superUsers, allowIfNoAcl, store);
    }

    /** {@code super.users}: principals separated by semicolons, blanks ignored, as Kafka parses it. */
    static Set<String> superUsers(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        java.util.HashSet<String> users = new java.util.HashSet<>();
        for (String user : value.split(";")) {
            if (!user.isBlank()) {
                users.add(user.trim());
            }
        }
        return Set.copyOf(users);
    }

    /** True when an authorizer is configured. */
    public boolean enabled() {
        return enabled;
    }

    /** The ACLs, or null when no authorizer is configured. */
    public AclStore store() {
        return store;
    }

    /** Whether the request's principal may do {@code operation} on the resource. */
    public boolean authorize(RequestContext context, AclOperation operation, ResourceType type, String name) {
        if (!enabled) {
            return true;
        }
        String principal = AclRules.name(context.principal());
        if (superUsers.contains(principal)) {
            return true;
        }
        return switch (store.index().authorize(principal, host(context.clientAddress()), operation, type, name)) {
            case ALLOWED -> true;
            case DENIED -> false;
            case NO_ACL -> allowIfNoAcl;
        };
    }

    /** Whether the request's principal may do {@code operation} on the cluster. */
    public boolean authorizeCluster(RequestContext context, AclOperation operation) {
        return authorize(context, operation, ResourceType.CLUSTER, CLUSTER_NAME);
    }

    /**
     * Whether the request's principal may do {@code operation} on at least one resource of
     * {@code type}, as Kafka's {@code authorizeByResourceType} (super users, and everyone where no
     * ACL applies if {@code allow.everyone.if.no.acl.found}, first checked on a made-up name).
     */
    public boolean authorizeByResourceType(RequestContext context, AclOperation operation, ResourceType type) {
        if (!enabled || authorize(context, operation, type, "hardcode")) {
            return true;
        }
        return store.index().allowsSomeResource(AclRules.name(context.principal()), host(context.clientAddress()),
                operation, type);
    }

    /** Of {@code names}, those the principal may do {@code operation} on; all of them when authorization is off. */
    public <T> List<T> filter(RequestContext context, AclOperation operation, ResourceType type, List<T> items,
                              java.util.function.Function<T, String> name) {
        if (!enabled) {
            return items;
        }
        return items.stream().filter(item -> authorize(context, operation, type, name.apply(item))).toList();
    }

    /**
     * The bit field of the operations on the resource the principal may do, of those the resource type
     * supports (Kafka's {@code AclEntry.supportedOperations}); all of them when authorization is off.
     */
    public int authorizedOperations(RequestContext context, ResourceType type, String name) {
        Set<AclOperation> supported = SUPPORTED.get(type);
        if (!enabled) {
            return ALL_SUPPORTED.get(type);
        }
        java.util.Set<Byte> codes = new java.util.HashSet<>();
        for (AclOperation operation : supported) {
            if (authorize(context, operation, type, name)) {
                codes.add(operation.code());
            }
        }
        return Utils.to32BitField(codes);
    }

    private static final Map<ResourceType, Set<AclOperation>> SUPPORTED = new EnumMap<>(Map.of(
            ResourceType.TOPIC, Set.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE,
                    AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER, AclOperation.DESCRIBE_CONFIGS,
                    AclOperation.ALTER_CONFIGS),
            ResourceType.GROUP, Set.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE,
                    AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS),
            ResourceType.CLUSTER, Set.of(AclOperation.CREATE, AclOperation.CLUSTER_ACTION,
                    AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE,
                    AclOperation.ALTER, AclOperation.DESCRIBE),
            ResourceType.TRANSACTIONAL_ID, Set.of(AclOperation.DESCRIBE, AclOperation.WRITE),
            ResourceType.DELEGATION_TOKEN, Set.of(AclOperation.DESCRIBE),
            ResourceType.USER, Set.of(AclOperation.CREATE_TOKENS, AclOperation.DESCRIBE_TOKENS)));
    private static final Map<ResourceType, Integer> ALL_SUPPORTED = new EnumMap<>(ResourceType.class);

    static {
        SUPPORTED.forEach((type, operations) -> {
            java.util.Set<Byte> codes = new java.util.HashSet<>();
            operations.forEach(op -> codes.add(op.code()));
            ALL_SUPPORTED.put(type, Utils.to32BitField(codes));
        });
    }

    /** The numeric address of the client, as ACL hosts name it. */
    private static String host(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return "";
    }
}
