package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * What Kafka's controller refuses in CreateAcls and DeleteAcls (its {@code AclControlManager}),
 * with its messages, answered as INVALID_REQUEST. Stateless.
 */
final class AclValidation {
    private AclValidation() {
    }

    /** Why a new ACL binding is invalid, or null: only concrete types, patterns, operations and permissions. */
    static String newAclProblem(AclBinding binding) {
        switch (binding.pattern().resourceType()) {
            case UNKNOWN, ANY -> {
                return "Invalid resourceType " + binding.pattern().resourceType();
            }
            default -> {
            }
        }
        switch (binding.pattern().patternType()) {
            case LITERAL, PREFIXED -> {
            }
            default -> {
                return "Invalid patternType " + binding.pattern().patternType();
            }
        }
        switch (binding.entry().operation()) {
            case UNKNOWN, ANY -> {
                return "Invalid operation " + binding.entry().operation();
            }
            default -> {
            }
        }
        switch (binding.entry().permissionType()) {
            case ALLOW, DENY -> {
            }
            default -> {
                return "Invalid permissionType " + binding.entry().permissionType();
            }
        }
        if (binding.pattern().name() == null || binding.pattern().name().isEmpty()) {
            return "Resource name should not be empty";
        }
        return null;
    }

    /** Why a filter is invalid, or null: a filter with an unknown part matches nothing Kafka can name. */
    static String filterProblem(AclBindingFilter filter) {
        if (filter.patternFilter().isUnknown()) {
            return "Unknown patternFilter.";
        }
        if (filter.entryFilter().isUnknown()) {
            return "Unknown entryFilter.";
        }
        return null;
    }
}
