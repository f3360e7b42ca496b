package io.lanes.broker.security;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData.UserName;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.CredentialInfo;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.DescribeUserScramCredentialsResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeUserScramCredentials: for each user, the mechanisms and iterations of their SCRAM
 * credentials (never salts or keys). No users (null or empty) describes every user; a named user
 * without credentials is RESOURCE_NOT_FOUND and a user named twice DUPLICATE_RESOURCE, as Kafka.
 * Thread-safe.
 */
public final class DescribeUserScramCredentialsHandler implements ApiHandler<DescribeUserScramCredentialsRequestData> {
    private final ScramCredentialStore store;

    public DescribeUserScramCredentialsHandler(ScramCredentialStore store) {
        this.store = store;
    }

    @Override
    public CompletableFuture<DescribeUserScramCredentialsResponseData> handle(
            RequestContext context, DescribeUserScramCredentialsRequestData request) {
        Map<String, Map<ScramMechanism, ScramCredential>> all = store.all();
        DescribeUserScramCredentialsResponseData response = new DescribeUserScramCredentialsResponseData();
        if (request.users() == null || request.users().isEmpty()) {
            all.forEach((user, credentials) -> response.results().add(describe(user, credentials)));
            return CompletableFuture.completedFuture(response);
        }
        Map<String, Integer> counts = new HashMap<>();
        Set<String> users = new LinkedHashSet<>();
        for (UserName name : request.users()) {
            counts.merge(name.name(), 1, Integer::sum);
            users.add(name.name());
        }
        for (String user : users) {
            if (counts.get(user) > 1) {
                response.results().add(new DescribeUserScramCredentialsResult().setUser(user)
                        .setErrorCode(Errors.DUPLICATE_RESOURCE.code())
                        .setErrorMessage("Cannot describe SCRAM credentials for the same user twice in a single request: "
                                + user));
            } else if (!all.containsKey(user)) {
                response.results().add(new DescribeUserScramCredentialsResult().setUser(user)
                        .setErrorCode(Errors.RESOURCE_NOT_FOUND.code())
                        .setErrorMessage("Attempt to describe a user credential that does not exist: " + user));
            } else {
                response.results().add(describe(user, all.get(user)));
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private static DescribeUserScramCredentialsResult describe(String user, Map<ScramMechanism, ScramCredential> credentials) {
        DescribeUserScramCredentialsResult result = new DescribeUserScramCredentialsResult().setUser(user);
        credentials.forEach((mechanism, credential) -> result.credentialInfos().add(new CredentialInfo()
                .setMechanism(mechanism.type())
                .setIterations(credential.iterations())));
        return result;
    }
}
