package io.lanes.broker.quota;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.message.AlterClientQuotasRequestData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.requests.ApiError;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * AlterClientQuotas: sets and removes quotas of user / client-id / ip entities, checked as Kafka's controller checks
 * them. An entity with an error changes nothing; the others' changes are applied together and made durable before
 * the answer, unless {@code validateOnly}. Runs on the connection's event loop; the store serializes changes.
 */
public final class AlterClientQuotasHandler implements ApiHandler<AlterClientQuotasRequestData> {
    private final ClientQuotaStore store;

    public AlterClientQuotasHandler(ClientQuotaStore store) {
        this.store = store;
    }

    @Override
    public CompletableFuture<AlterClientQuotasResponseData> handle(RequestContext context,
                                                                   AlterClientQuotasRequestData request) {
        Map<ClientQuotaEntity, Map<String, Double>> current = store.snapshot();
        // Hash maps, as Kafka's controller uses: which of several bad keys is reported follows their order.
        Map<ClientQuotaEntity, ApiError> results = new HashMap<>();
        Map<ClientQuotaEntity, Map<String, Double>> changes = new HashMap<>();
        for (AlterClientQuotasRequestData.EntryData entry : request.entries()) {
            Map<String, String> names = new HashMap<>();
            entry.entity().forEach(e -> names.put(e.entityType(), e.entityName()));
            ClientQuotaEntity entity = new ClientQuotaEntity(names);
            Map<String, Double> alterations = new HashMap<>();
            for (AlterClientQuotasRequestData.OpData op : entry.ops()) {
                if (alterations.containsKey(op.key())) {
                    results.put(entity, new ApiError(Errors.INVALID_REQUEST, "Duplicate quota key " + op.key()
                            + " not updating quota for this entity " + entity));
                } else {
                    alterations.put(op.key(), op.remove() ? null : op.value());
                }
            }
            if (results.containsKey(entity)) {
                // Also what Kafka answers for an entity named twice, and for a duplicate key (this overwrites it).
                results.put(entity, new ApiError(Errors.INVALID_REQUEST, "Ignoring duplicate entity " + entity));
            } else {
                results.put(entity, alter(entity, names, alterations, current.getOrDefault(entity, Map.of()), changes));
            }
        }
        if (!request.validateOnly() && !changes.isEmpty()) {
            store.change(changes);
        }
        AlterClientQuotasResponseData response = new AlterClientQuotasResponseData();
        results.forEach((entity, error) -> {
            AlterClientQuotasResponseData.EntryData out = new AlterClientQuotasResponseData.EntryData()
                    .setErrorCode(error.error().code())
                    .setErrorMessage(error.message());
            entity.entries().forEach((type, name) -> out.entity().add(
                    new AlterClientQuotasResponseData.EntityData().setEntityType(type).setEntityName(name)));
            response.entries().add(out);
        });
        return CompletableFuture.completedFuture(response);
    }

    /** Checks one entity's alterations; adds the effective ones to {@code changes} when all are valid. */
    private static ApiError alter(ClientQuotaEntity entity, Map<String, String> names, Map<String, Double> alterations,
                                  Map<String, Double> current, Map<ClientQuotaEntity, Map<String, Double>> changes) {
        ApiError error = QuotaKeys.validateEntity(names);
        if (error.isFailure()) {
            return error;
        }
        ApiError[] keysError = new ApiError[1];
        Map<String, QuotaKeys.Type> validKeys = QuotaKeys.keysFor(names, keysError);
        if (validKeys == null) {
            return keysError[0];
        }
        Map<String, Double> effective = new HashMap<>();
        for (Map.Entry<String, Double> alteration : alterations.entrySet()) {
            String key = alteration.getKey();
            Double value = alteration.getValue();
            if (value == null) {
                if (current.containsKey(key)) {
                    effective.put(key, null);
                }
            } else {
                ApiError invalid = QuotaKeys.validateValue(validKeys, key, value);
                if (invalid.isFailure()) {
                    return invalid;
                }
                if (!Objects.equals(current.get(key), value)) {
                    effective.put(key, value);
                }
            }
        }
        if (!effective.isEmpty()) {
            changes.computeIfAbsent(entity, e -> new HashMap<>()).putAll(effective);
        }
        return ApiError.NONE;
    }
}
