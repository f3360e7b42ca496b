package io.lanes.broker.handlers.admin;

import io.lanes.broker.api.RequestContext;
import io.lanes.broker.security.acl.AclAuthorizer;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may describe or alter the configs of a resource, as Kafka checks it: broker, broker-logger
 * and client-metrics configs need DESCRIBE_CONFIGS / ALTER_CONFIGS on the cluster, topic and group
 * configs on the topic or group. Stateless.
 */
final class ConfigAuthorization {
    private ConfigAuthorization() {
    }

    /**
     * The error for a resource whose configs the principal may not describe ({@code alter} false) or
     * alter, or null when it may (or the resource type is one Kafka does not check, left to the handler).
     */
    static Errors refusal(AclAuthorizer authorizer, RequestContext context, byte resourceType, String name,
                          boolean alter) {
        if (!authorizer.enabled()) {
            return null;
        }
        AclOperation operation = alter ? AclOperation.ALTER_CONFIGS : AclOperation.DESCRIBE_CONFIGS;
        ConfigResource.Type type = ConfigResource.Type.forId(resourceType);
        return switch (type) {
            case BROKER, BROKER_LOGGER, CLIENT_METRICS -> authorizer.authorizeCluster(context, operation)
                    ? null : Errors.CLUSTER_AUTHORIZATION_FAILED;
            case TOPIC -> authorizer.authorize(context, operation, ResourceType.TOPIC, name)
                    ? null : Errors.TOPIC_AUTHORIZATION_FAILED;
            case GROUP -> authorizer.authorize(context, operation, ResourceType.GROUP, name)
                    ? null : Errors.GROUP_AUTHORIZATION_FAILED;
            default -> null;
        };
    }
}
