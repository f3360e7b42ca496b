package io.lanes.broker.handlers.admin;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsResponseData.DeleteAclsFilterResult;

import java.util.concurrent.CompletableFuture;

/**
 * DeleteAcls without an authorizer, as Kafka: one SECURITY_DISABLED result with no matching ACLs
 * per filter, in request order. Stateless.
 */
public final class DeleteAclsHandler implements ApiHandler<DeleteAclsRequestData> {
    @Override
    public CompletableFuture<DeleteAclsResponseData> handle(RequestContext context, DeleteAclsRequestData request) {
        DeleteAclsResponseData response = new DeleteAclsResponseData();
        request.filters().forEach(filter -> response.filterResults().add(new DeleteAclsFilterResult()
                .setErrorCode(NoAuthorizer.ERROR)
                .setErrorMessage(NoAuthorizer.ALTER_MESSAGE)));
        return CompletableFuture.completedFuture(response);
    }
}
