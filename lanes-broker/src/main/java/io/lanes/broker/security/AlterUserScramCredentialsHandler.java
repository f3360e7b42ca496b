package io.lanes.broker.security;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialDeletion;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialUpsertion;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * AlterUserScramCredentials (what {@code kafka-configs.sh --entity-type users --add-config
 * 'SCRAM-SHA-256=[password=...]'} and {@code Admin.alterUserScramCredentials} send): the client sends
 * the salt and the salted password, never the password; the broker keeps the salt and the stored
 * and server keys derived from it ({@link ScramCredentialStore}). Checks as Kafka's controller: a
 * known mechanism, a non-empty user, iterations within the mechanism's bounds, each user altered
 * once per request, deletions of existing credentials only. One result per user; users whose
 * alterations are all valid are applied together. Thread-safe.
 */
public final class AlterUserScramCredentialsHandler implements ApiHandler<AlterUserScramCredentialsRequestData> {
    private final ScramCredentialStore store;

    public AlterUserScramCredentialsHandler(ScramCredentialStore store) {
        this.store = store;
    }

    @Override
    public CompletableFuture<AlterUserScramCredentialsResponseData> handle(
            RequestContext context, AlterUserScramCredentialsRequestData request) {
        Map<String, Integer> alterations = new HashMap<>();
        request.deletions().forEach(d -> alterations.merge(d.name(), 1, Integer::sum));
        request.upsertions().forEach(u -> alterations.merge(u.name(), 1, Integer::sum));
        Map<String, Failure> failures = new LinkedHashMap<>();
        Map<ScramMechanism, Map<String, ScramCredential>> changes = new HashMap<>();
        for (ScramCredentialDeletion deletion : request.deletions()) {
            Failure failure = alterations.get(deletion.name()) > 1 ? Failure.DUPLICATE : check(deletion.name(),
                    deletion.mechanism());
            if (failure == null && store.get(deletion.name(), ScramCredentialStore.mechanism(deletion.mechanism())) == null) {
                failure = new Failure(Errors.RESOURCE_NOT_FOUND, "Attempt to delete a user credential that does not exist");
            }
            record(failures, changes, deletion.name(), deletion.mechanism(), failure, null);
        }
        for (ScramCredentialUpsertion upsertion : request.upsertions()) {
            Failure failure = alterations.get(upsertion.name()) > 1 ? Failure.DUPLICATE : check(upsertion.name(),
                    upsertion.mechanism());
            ScramCredential credential = null;
            if (failure == null) {
                ScramMechanism mechanism = ScramCredentialStore.mechanism(upsertion.mechanism());
                if (upsertion.iterations() < mechanism.minIterations()) {
                    failure = new Failure(Errors.UNACCEPTABLE_CREDENTIAL, "Too few iterations");
                } else if (upsertion.iterations() > mechanism.maxIterations()) {
                    failure = new Failure(Errors.UNACCEPTABLE_CREDENTIAL, "Too many iterations");
                } else {
                    credential = credential(mechanism, upsertion);
                }
            }
            record(failures, changes, upsertion.name(), upsertion.mechanism(), failure, credential);
        }
        if (!changes.isEmpty()) {
            store.change(changes);
        }
        AlterUserScramCredentialsResponseData response = new AlterUserScramCredentialsResponseData();
        for (String user : orderedUsers(request)) {
            Failure failure = failures.get(user);
            response.results().add(new AlterUserScramCredentialsResult()
                    .setUser(user)
                    .setErrorCode(failure == null ? Errors.NONE.code() : failure.error.code())
                    .setErrorMessage(failure == null ? null : failure.message));
        }
        return CompletableFuture.completedFuture(response);
    }

    private static Iterable<String> orderedUsers(AlterUserScramCredentialsRequestData request) {
        java.util.Set<String> users = new java.util.LinkedHashSet<>();
        request.deletions().forEach(d -> users.add(d.name()));
        request.upsertions().forEach(u -> users.add(u.name()));
        return users;
    }

    private static void record(Map<String, Failure> failures, Map<ScramMechanism, Map<String, ScramCredential>> changes,
                               String user, byte mechanism, Failure failure, ScramCredential credential) {
        if (failure != null) {
            failures.putIfAbsent(user, failure);
        } else {
            changes.computeIfAbsent(ScramCredentialStore.mechanism(mechanism), m -> new LinkedHashMap<>()).put(user, credential);
        }
    }

    private static Failure check(String user, byte mechanism) {
        if (ScramCredentialStore.mechanism(mechanism) == null) {
            return new Failure(Errors.UNSUPPORTED_SASL_MECHANISM, "Unknown SCRAM mechanism");
        }
        if (user == null || user.isEmpty()) {
            return new Failure(Errors.UNACCEPTABLE_CREDENTIAL, "Username must not be empty");
        }
        return null;
    }

    private static ScramCredential credential(ScramMechanism mechanism, ScramCredentialUpsertion upsertion) {
        try {
            return new ScramFormatter(mechanism).generateCredential(upsertion.salt(), upsertion.saltedPassword(),
                    upsertion.iterations());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + mechanism.macAlgorithm(), e);
        }
    }

    private record Failure(Errors error, String message) {
        static final Failure DUPLICATE = new Failure(Errors.DUPLICATE_RESOURCE,
                "A user credential cannot be altered twice in the same request");
    }
}
