package io.lanes.broker.handlers.admin;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.security.acl.AclAuthorizer;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.CreateAclsResponseData.AclCreationResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateAclsRequest;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * CreateAcls as Kafka answers it: ALTER on the cluster is required (else the whole request fails
 * with CLUSTER_AUTHORIZATION_FAILED); without an authorizer one SECURITY_DISABLED result per ACL;
 * otherwise one result per requested ACL, in request order, INVALID_REQUEST for a binding Kafka
 * refuses ({@link AclValidation}), and the valid ones stored durably together before the answer.
 * Creating an ACL that exists succeeds and stores nothing new. Stateless.
 */
public final class CreateAclsHandler implements ApiHandler<CreateAclsRequestData> {
    private final AclAuthorizer authorizer;

    public CreateAclsHandler(AclAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<CreateAclsResponseData> handle(RequestContext context, CreateAclsRequestData request) {
        if (!authorizer.authorizeCluster(context, AclOperation.ALTER)) {
            throw new ClusterAuthorizationException("Request is not authorized.");
        }
        CreateAclsResponseData response = new CreateAclsResponseData();
        if (!authorizer.enabled()) {
            request.creations().forEach(creation -> response.results().add(new AclCreationResult()
                    .setErrorCode(NoAuthorizer.ERROR)
                    .setErrorMessage(NoAuthorizer.ALTER_MESSAGE)));
            return CompletableFuture.completedFuture(response);
        }
        List<AclBinding> valid = new ArrayList<>();
        for (CreateAclsRequestData.AclCreation creation : request.creations()) {
            AclBinding binding = CreateAclsRequest.aclBinding(creation);
            String problem = problem(binding);
            AclCreationResult result = new AclCreationResult();
            if (problem != null) {
                result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage(problem);
            } else {
                valid.add(binding);
            }
            response.results().add(result);
        }
        if (!valid.isEmpty()) {
            authorizer.store().add(valid);
        }
        return CompletableFuture.completedFuture(response);
    }

    /** Why Kafka refuses the binding (its broker's checks, then its controller's), or null. */
    private static String problem(AclBinding binding) {
        var pattern = binding.pattern();
        if (pattern.resourceType() == ResourceType.CLUSTER && !AclAuthorizer.CLUSTER_NAME.equals(pattern.name())) {
            return "The only valid name for the CLUSTER resource is " + AclAuthorizer.CLUSTER_NAME;
        }
        if (pattern.name().isEmpty()) {
            return "Invalid empty resource name";
        }
        return AclValidation.newAclProblem(binding);
    }
}
