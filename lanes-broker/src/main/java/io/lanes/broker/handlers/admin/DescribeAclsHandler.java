package io.lanes.broker.handlers.admin;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.security.acl.AclAuthorizer;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.requests.DescribeAclsResponse;

import java.util.concurrent.CompletableFuture;

/**
 * DescribeAcls as Kafka answers it: DESCRIBE on the cluster is required (else
 * CLUSTER_AUTHORIZATION_FAILED); without an authorizer SECURITY_DISABLED and no resources;
 * otherwise the bindings the filter matches (MATCH and ANY pattern filters as kafka-clients'
 * {@code AclBindingFilter} defines them), grouped by resource. Stateless.
 */
public final class DescribeAclsHandler implements ApiHandler<DescribeAclsRequestData> {
    private final AclAuthorizer authorizer;

    public DescribeAclsHandler(AclAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DescribeAclsResponseData> handle(RequestContext context, DescribeAclsRequestData request) {
        if (!authorizer.authorizeCluster(context, AclOperation.DESCRIBE)) {
            throw new ClusterAuthorizationException("Request is not authorized.");
        }
        if (!authorizer.enabled()) {
            return CompletableFuture.completedFuture(new DescribeAclsResponseData()
                    .setErrorCode(NoAuthorizer.ERROR)
                    .setErrorMessage(NoAuthorizer.DESCRIBE_MESSAGE));
        }
        return CompletableFuture.completedFuture(new DescribeAclsResponseData()
                .setResources(DescribeAclsResponse.aclsResources(
                        authorizer.store().index().matching(AclFilters.of(request)))));
    }
}
