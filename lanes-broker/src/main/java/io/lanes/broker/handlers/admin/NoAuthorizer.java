package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.protocol.Errors;

/**
 * What Kafka answers to the ACL APIs when {@code authorizer.class.name} is unset (its
 * {@code AclApis}): SECURITY_DISABLED, with one message for DescribeAcls and another for each
 * result of CreateAcls and DeleteAcls. Lanes answers the same when no authorizer is configured.
 */
final class NoAuthorizer {
    static final short ERROR = Errors.SECURITY_DISABLED.code();
    static final String DESCRIBE_MESSAGE = "No Authorizer is configured on the broker";
    static final String ALTER_MESSAGE = "No Authorizer is configured.";

    private NoAuthorizer() {
    }
}
