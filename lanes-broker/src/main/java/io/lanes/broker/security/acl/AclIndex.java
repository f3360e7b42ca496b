package io.lanes.broker.security.acl;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable set of ACL bindings indexed for authorization: per resource type, the LITERAL
 * bindings by resource name (the wildcard {@code *} is one such name) and the PREFIXED bindings.
 * Decides as Kafka's StandardAuthorizer: a DENY that applies wins over any ALLOW; with no DENY an
 * ALLOW grants; with neither, the answer is {@code noAclResult} when no binding at all names the
 * resource (any principal, any operation), otherwise denied.
 *
 * <p>Immutable and thread-safe; a change builds a new index.
 */
public final class AclIndex {
    /** The outcome of looking a request up in the index. */
    public enum Result { ALLOWED, DENIED, NO_ACL }

    public static final AclIndex EMPTY = new AclIndex(Set.of());

    private final Set<AclBinding> bindings;
    private final Map<ResourceType, Map<String, List<AclBinding>>> literals = new EnumMap<>(ResourceType.class);
    private final Map<ResourceType, List<AclBinding>> prefixed = new EnumMap<>(ResourceType.class);

    public AclIndex(Collection<AclBinding> bindings) {
        this.bindings = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(bindings));
        for (AclBinding binding : this.bindings) {
            ResourcePattern pattern = binding.pattern();
            if (pattern.patternType() == PatternType.LITERAL) {
                literals.computeIfAbsent(pattern.resourceType(), t -> new HashMap<>())
                        .computeIfAbsent(pattern.name(), n -> new ArrayList<>()).add(binding);
            } else {
                prefixed.computeIfAbsent(pattern.resourceType(), t -> new ArrayList<>()).add(binding);
            }
        }
    }

    /** Every binding, in the order they were added. */
    public Set<AclBinding> bindings() {
        return bindings;
    }

    /** The bindings {@code filter} matches. */
    public List<AclBinding> matching(AclBindingFilter filter) {
        List<AclBinding> result = new ArrayList<>();
        for (AclBinding binding : bindings) {
            if (filter.matches(binding)) {
                result.add(binding);
            }
        }
        return result;
    }

    /** This index with {@code added} bindings (already present ones are kept once). */
    public AclIndex plus(Collection<AclBinding> added) {
        Set<AclBinding> all = new LinkedHashSet<>(bindings);
        all.addAll(added);
        return new AclIndex(all);
    }

    /** This index without {@code removed} bindings. */
    public AclIndex minus(Collection<AclBinding> removed) {
        Set<AclBinding> all = new LinkedHashSet<>(bindings);
        removed.forEach(all::remove);
        return new AclIndex(all);
    }

    /** What the bindings say about {@code operation} on the named resource by {@code principal} from {@code host}. */
    public Result authorize(String principal, String host, AclOperation operation, ResourceType type, String name) {
        Scan scan = new Scan(principal, host, operation);
        Map<String, List<AclBinding>> byName = literals.get(type);
        if (byName != null && (scan.denies(byName.get(name))
                || scan.denies(byName.get(ResourcePattern.WILDCARD_RESOURCE)))) {
            return Result.DENIED;
        }
        List<AclBinding> prefixes = prefixed.get(type);
        if (prefixes != null) {
            for (AclBinding binding : prefixes) {
                if (name.startsWith(binding.pattern().name()) && scan.denies(List.of(binding))) {
                    return Result.DENIED;
                }
            }
        }
        return scan.allowed ? Result.ALLOWED : scan.found ? Result.DENIED : Result.NO_ACL;
    }

    /** The bindings seen so far for one request: whether any named the resource, whether one allowed. */
    private static final class Scan {
        private final String principal;
        private final String host;
        private final AclOperation operation;
        private boolean found;
        private boolean allowed;

        private Scan(String principal, String host, AclOperation operation) {
            this.principal = principal;
            this.host = host;
            this.operation = operation;
        }

        /** Looks at bindings that name the resource; true as soon as one denies. */
        private boolean denies(List<AclBinding> bindings) {
            if (bindings == null) {
                return false;
            }
            for (AclBinding binding : bindings) {
                found = true;
                AclRules.Verdict verdict = AclRules.apply(binding.entry(), principal, host, operation);
                if (verdict == AclRules.Verdict.DENY) {
                    return true;
                }
                allowed |= verdict == AclRules.Verdict.ALLOW;
            }
            return false;
        }
    }

    /**
     * Whether {@code principal} from {@code host} may do {@code operation} on at least one resource
     * of {@code type} by the bindings alone, as Kafka's {@code Authorizer.authorizeByResourceType}: a
     * wildcard DENY refuses; a wildcard ALLOW grants; otherwise a LITERAL ALLOW grants unless a DENY
     * names the same resource or a PREFIXED DENY covers it, and a PREFIXED ALLOW grants unless a
     * PREFIXED DENY covers it. Only entries for exactly {@code operation} or ALL count (no implications).
     */
    public boolean allowsSomeResource(String principal, String host, AclOperation operation, ResourceType type) {
        Set<String> denyLiterals = new HashSet<>();
        Set<String> denyPrefixes = new HashSet<>();
        List<ResourcePattern> allows = new ArrayList<>();
        boolean wildcardAllow = false;
        for (AclBinding binding : bindings) {
            ResourcePattern pattern = binding.pattern();
            if (pattern.resourceType() != type) {
                continue;
            }
            var entry = binding.entry();
            if (!entry.host().equals(host) && !entry.host().equals(AclRules.WILDCARD_HOST)) {
                continue;
            }
            if (!entry.principal().equals(principal) && !entry.principal().equals(AclRules.WILDCARD_PRINCIPAL)) {
                continue;
            }
            if (entry.operation() != operation && entry.operation() != AclOperation.ALL) {
                continue;
            }
            boolean literal = pattern.patternType() == PatternType.LITERAL;
            boolean wildcard = literal && pattern.name().equals(ResourcePattern.WILDCARD_RESOURCE);
            if (entry.permissionType() == AclPermissionType.DENY) {
                if (wildcard) {
                    return false;
                }
                (literal ? denyLiterals : denyPrefixes).add(pattern.name());
            } else if (wildcard) {
                wildcardAllow = true;
            } else {
                allows.add(pattern);
            }
        }
        if (wildcardAllow) {
            return true;
        }
        for (ResourcePattern allow : allows) {
            if (allow.patternType() == PatternType.LITERAL && denyLiterals.contains(allow.name())) {
                continue;
            }
            boolean dominated = false;
            for (int end = 1; end <= allow.name().length() && !dominated; end++) {
                dominated = denyPrefixes.contains(allow.name().substring(0, end));
            }
            if (!dominated) {
                return true;
            }
        }
        return false;
    }
}
