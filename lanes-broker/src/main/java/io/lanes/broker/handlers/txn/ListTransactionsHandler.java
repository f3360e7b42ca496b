package io.lanes.broker.handlers.txn;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import io.lanes.broker.security.acl.AclAuthorizer;
import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import io.lanes.coordinator.txn.TransactionCoordinator;
import io.lanes.coordinator.txn.TransactionMetadata;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.message.ListTransactionsResponseData.TransactionState;
import org.apache.kafka.common.protocol.Errors;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * ListTransactions: every transactional id this coordinator knows, filtered by state names, producer ids,
 * (v1+) how long the transaction has been open and (v2+, KIP-1152) a regular expression the whole transactional
 * id must match. Unknown state names are echoed in {@code unknownStateFilters} and match nothing, and a pattern
 * that does not compile is INVALID_REGULAR_EXPRESSION, as in Kafka.
 */
final class ListTransactionsHandler implements ApiHandler<ListTransactionsRequestData> {
    private final TransactionCoordinator coordinator;

    private final AclAuthorizer authorizer;

    ListTransactionsHandler(TransactionCoordinator coordinator, AclAuthorizer authorizer) {
        this.authorizer = authorizer;
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<ListTransactionsResponseData> handle(RequestContext context, ListTransactionsRequestData request) {
        ListTransactionsResponseData response = new ListTransactionsResponseData();
        Pattern idPattern;
        try {
            idPattern = compile(request.transactionalIdPattern());
        } catch (PatternSyntaxException e) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.INVALID_REGULAR_EXPRESSION.code()));
        }
        Set<String> states = new HashSet<>();
        for (String name : request.stateFilters()) {
            io.lanes.coordinator.txn.TransactionState.fromKafkaName(name).ifPresentOrElse(
                    s -> states.add(s.kafkaName()), () -> response.unknownStateFilters().add(name));
        }
        if (!request.stateFilters().isEmpty() && states.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        for (TransactionMetadata txn : coordinator.list(states, new HashSet<>(request.producerIdFilters()),
                request.durationFilter())) {
            if (idPattern != null && !idPattern.matcher(txn.transactionalId()).matches()) {
                continue;
            }
            // As Kafka: only transactional ids the principal may DESCRIBE are listed.
            if (!authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID,
                    txn.transactionalId())) {
                continue;
            }
            response.transactionStates().add(new TransactionState()
                    .setTransactionalId(txn.transactionalId())
                    .setProducerId(txn.producerId())
                    .setTransactionState(txn.state().kafkaName()));
        }
        return CompletableFuture.completedFuture(response);
    }

    /** The transactional id filter, or null for none (an absent or empty pattern). */
    private static Pattern compile(String regex) {
        return regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
    }
}
