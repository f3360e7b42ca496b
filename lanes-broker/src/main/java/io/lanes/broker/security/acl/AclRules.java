package io.lanes.broker.security.acl;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import java.util.EnumSet;
import java.util.Set;

/**
 * How one ACL entry applies to a principal, host and operation, as Kafka's StandardAuthorizer
 * decides it: the entry's principal is the caller's or the wildcard {@code User:*}; its host is
 * {@code *} or the caller's address exactly; its operation is ALL or the one asked for, and an
 * ALLOW entry for READ, WRITE, DELETE or ALTER also grants DESCRIBE, one for ALTER_CONFIGS also
 * grants DESCRIBE_CONFIGS (a DENY entry denies only its own operation). Stateless.
 */
public final class AclRules {
    /** The principal that matches every user in an ACL entry. */
    public static final String WILDCARD_PRINCIPAL = "User:*";
    public static final String WILDCARD_HOST = "*";

    private static final Set<AclOperation> IMPLIES_DESCRIBE = EnumSet.of(AclOperation.DESCRIBE, AclOperation.READ,
            AclOperation.WRITE, AclOperation.DELETE, AclOperation.ALTER);
    private static final Set<AclOperation> IMPLIES_DESCRIBE_CONFIGS = EnumSet.of(AclOperation.DESCRIBE_CONFIGS,
            AclOperation.ALTER_CONFIGS);

    /** What an entry says about a request. */
    public enum Verdict { ALLOW, DENY, NOT_APPLICABLE }

    private AclRules() {
    }

    /**
     * What {@code entry} says about {@code operation} by {@code principal} (as {@code Type:name})
     * from {@code host} (the numeric address).
     */
    public static Verdict apply(AccessControlEntry entry, String principal, String host, AclOperation operation) {
        if (!entry.principal().equals(principal) && !entry.principal().equals(WILDCARD_PRINCIPAL)) {
            return Verdict.NOT_APPLICABLE;
        }
        if (!entry.host().equals(WILDCARD_HOST) && !entry.host().equals(host)) {
            return Verdict.NOT_APPLICABLE;
        }
        boolean allow = entry.permissionType() == AclPermissionType.ALLOW;
        if (entry.operation() != AclOperation.ALL && !covers(entry.operation(), operation, allow)) {
            return Verdict.NOT_APPLICABLE;
        }
        return allow ? Verdict.ALLOW : Verdict.DENY;
    }

    private static boolean covers(AclOperation granted, AclOperation asked, boolean allow) {
        if (!allow) {
            return granted == asked;
        }
        return switch (asked) {
            case DESCRIBE -> IMPLIES_DESCRIBE.contains(granted);
            case DESCRIBE_CONFIGS -> IMPLIES_DESCRIBE_CONFIGS.contains(granted);
            default -> granted == asked;
        };
    }

    /** The principal as ACL entries name it, {@code Type:name}. */
    public static String name(KafkaPrincipal principal) {
        return principal.getPrincipalType() + ":" + principal.getName();
    }
}
