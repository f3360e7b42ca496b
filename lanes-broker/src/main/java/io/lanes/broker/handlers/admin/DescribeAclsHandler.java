package io.lanes.broker.handlers.admin;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;

import java.util.concurrent.CompletableFuture;

/** DescribeAcls without an authorizer, as Kafka: SECURITY_DISABLED and no resources. Stateless. */
public final class DescribeAclsHandler implements ApiHandler<DescribeAclsRequestData> {
    @Override
    public CompletableFuture<DescribeAclsResponseData> handle(RequestContext context, DescribeAclsRequestData request) {
        return CompletableFuture.completedFuture(new DescribeAclsResponseData()
                .setErrorCode(NoAuthorizer.ERROR)
                .setErrorMessage(NoAuthorizer.DESCRIBE_MESSAGE));
    }
}
