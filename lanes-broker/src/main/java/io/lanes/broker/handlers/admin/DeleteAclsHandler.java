package io.lanes.broker.handlers.admin;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.security.acl.AclAuthorizer;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsResponseData.DeleteAclsFilterResult;
import org.apache.kafka.common.requests.DeleteAclsResponse;
import org.apache.kafka.server.authorizer.AclDeleteResult;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteAcls as Kafka answers it: ALTER on the cluster is required (else
 * CLUSTER_AUTHORIZATION_FAILED); without an authorizer one SECURITY_DISABLED result per filter;
 * otherwise one result per filter, in request order, listing the bindings it matched (a binding
 * matched by several filters is listed under each), INVALID_REQUEST for a filter with unknown parts;
 * every matched binding is removed durably before the answer. Stateless.
 */
public final class DeleteAclsHandler implements ApiHandler<DeleteAclsRequestData> {
    private final AclAuthorizer authorizer;

    public DeleteAclsHandler(AclAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DeleteAclsResponseData> handle(RequestContext context, DeleteAclsRequestData request) {
        if (!authorizer.authorizeCluster(context, AclOperation.ALTER)) {
            throw new ClusterAuthorizationException("Request is not authorized.");
        }
        DeleteAclsResponseData response = new DeleteAclsResponseData();
        if (!authorizer.enabled()) {
            request.filters().forEach(filter -> response.filterResults().add(new DeleteAclsFilterResult()
                    .setErrorCode(NoAuthorizer.ERROR)
                    .setErrorMessage(NoAuthorizer.ALTER_MESSAGE)));
            return CompletableFuture.completedFuture(response);
        }
        Set<AclBinding> removed = new LinkedHashSet<>();
        List<AclDeleteResult> results = new ArrayList<>();
        for (DeleteAclsRequestData.DeleteAclsFilter wire : request.filters()) {
            AclBindingFilter filter = AclFilters.of(wire);
            String problem = AclValidation.filterProblem(filter);
            if (problem != null) {
                results.add(new AclDeleteResult(new InvalidRequestException(problem)));
                continue;
            }
            List<AclDeleteResult.AclBindingDeleteResult> deleted = new ArrayList<>();
            for (AclBinding binding : authorizer.store().index().matching(filter)) {
                deleted.add(new AclDeleteResult.AclBindingDeleteResult(binding));
                removed.add(binding);
            }
            results.add(new AclDeleteResult(deleted));
        }
        if (!removed.isEmpty()) {
            authorizer.store().remove(removed);
        }
        results.forEach(result -> response.filterResults().add(DeleteAclsResponse.filterResult(result)));
        return CompletableFuture.completedFuture(response);
    }
}
