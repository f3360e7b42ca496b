package io.lanes.broker.api;

import io.lanes.broker.security.acl.AclAuthorizer;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.Utils;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The authorized-operations bit fields Kafka reports: without an authorizer every operation the
 * resource type supports (Kafka's {@code AclEntry.supportedOperations}), with one those of them the
 * principal is allowed. Requests that do not ask for them get {@link #OMITTED}. Stateless.
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

    /**
     * The cluster's authorized-operations field as Kafka fills it in Metadata and DescribeCluster:
     * omitted unless requested, 0 when the principal may not DESCRIBE the cluster.
     */
    public static int cluster(boolean requested, AclAuthorizer authorizer, RequestContext context) {
        if (!requested || !authorizer.enabled()) {
            return cluster(requested);
        }
        return authorizer.authorizeCluster(context, AclOperation.DESCRIBE)
                ? authorizer.authorizedOperations(context, ResourceType.CLUSTER, AclAuthorizer.CLUSTER_NAME) : 0;
    }

    /** A topic's authorized-operations field: omitted unless requested, else what the principal may do on it. */
    public static int topic(boolean requested, AclAuthorizer authorizer, RequestContext context, String topic) {
        if (!requested || !authorizer.enabled()) {
            return topic(requested);
        }
        return authorizer.authorizedOperations(context, ResourceType.TOPIC, topic);
    }

    /** A group's authorized-operations field: omitted unless requested, else what the principal may do on it. */
    public static int group(boolean requested, AclAuthorizer authorizer, RequestContext context, String group) {
        if (!requested) {
            return OMITTED;
        }
        return authorizer.authorizedOperations(context, ResourceType.GROUP, group);
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
