package io.lanes.broker.handlers.admin;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.CreateAclsResponseData.AclCreationResult;

import java.util.concurrent.CompletableFuture;

/**
 * CreateAcls without an authorizer, as Kafka: one SECURITY_DISABLED result per requested ACL, in
 * request order, and nothing is stored. Stateless.
 */
public final class CreateAclsHandler implements ApiHandler<CreateAclsRequestData> {
    @Override
    public CompletableFuture<CreateAclsResponseData> handle(RequestContext context, CreateAclsRequestData request) {
        CreateAclsResponseData response = new CreateAclsResponseData();
        request.creations().forEach(creation -> response.results().add(new AclCreationResult()
                .setErrorCode(NoAuthorizer.ERROR)
                .setErrorMessage(NoAuthorizer.ALTER_MESSAGE)));
        return CompletableFuture.completedFuture(response);
    }
}
