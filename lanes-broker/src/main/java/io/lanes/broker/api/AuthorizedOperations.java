package io.lanes.broker.api;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.utils.Utils;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The authorized-operations bit fields Kafka reports when no authorizer is configured: every
 * operation the resource type supports (Kafka's {@code AclEntry.supportedOperations}).
 * Requests that do not ask for them get {@link #OMITTED}.
 */
public final class AuthorizedOperations {
    /** The value of an authorized-operations field that was not requested. */
    public static final int OMITTED = Integer.MIN_VALUE;

    private static final int CLUSTER = bits(EnumSet.of(AclOperation.CREATE, AclOperation.CLUSTER_ACTION,
            AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE,
            AclOperation.ALTER, AclOperation.DESCRIBE));
    private static final int TOPIC = bits(EnumSet.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE,
            AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER, AclOperation.DESCRIBE_CONFIGS,
            AclOperation.ALTER_CONFIGS));

    private AuthorizedOperations() {
    }

    public static int cluster(boolean requested) {
        return requested ? CLUSTER : OMITTED;
    }

    public static int topic(boolean requested) {
        return requested ? TOPIC : OMITTED;
    }

    private static int bits(Set<AclOperation> operations) {
        return Utils.to32BitField(operations.stream().map(AclOperation::code).collect(Collectors.toSet()));
    }
}
