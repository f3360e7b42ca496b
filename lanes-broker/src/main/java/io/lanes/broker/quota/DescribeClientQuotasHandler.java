package io.lanes.broker.quota;

import io.lanes.broker.api.ApiHandler;
import io.lanes.broker.api.RequestContext;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData;
import org.apache.kafka.common.quota.ClientQuotaEntity;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeClientQuotas: the stored quotas of the entities a filter matches, with Kafka's filter rules (exact name,
 * default entity, any specified name; {@code strict} admits no other entity types) and its errors for a bad filter
 * (INVALID_REQUEST, UNSUPPORTED_VERSION for an unknown entity type, as the whole request's error). Stateless.
 */
public final class DescribeClientQuotasHandler implements ApiHandler<DescribeClientQuotasRequestData> {
    private static final byte MATCH_EXACT = 0;
    private static final byte MATCH_DEFAULT = 1;
    private static final byte MATCH_SPECIFIED = 2;

    private final ClientQuotaStore store;

    public DescribeClientQuotasHandler(ClientQuotaStore store) {
        this.store = store;
    }

    @Override
    public CompletableFuture<DescribeClientQuotasResponseData> handle(RequestContext context,
                                                                      DescribeClientQuotasRequestData request) {
        Map<String, String> exact = new HashMap<>();
        Set<String> specified = new HashSet<>();
        for (DescribeClientQuotasRequestData.ComponentData component : request.components()) {
            String type = component.entityType();
            if (type.isEmpty()) {
                throw new InvalidRequestException("Invalid empty entity type.");
            }
            if (exact.containsKey(type) || specified.contains(type)) {
                throw new InvalidRequestException("Entity type " + type + " cannot appear more than once in the filter.");
            }
            if (!type.equals(ClientQuotaEntity.IP) && !type.equals(ClientQuotaEntity.USER)
                    && !type.equals(ClientQuotaEntity.CLIENT_ID)) {
                throw new UnsupportedVersionException("Unsupported entity type " + type);
            }
            switch (component.matchType()) {
                case MATCH_EXACT -> {
                    if (component.match() == null) {
                        throw new InvalidRequestException("Request specified MATCH_TYPE_EXACT, but set match string to null.");
                    }
                    exact.put(type, component.match());
                }
                case MATCH_DEFAULT -> {
                    if (component.match() != null) {
                        throw new InvalidRequestException("Request specified MATCH_TYPE_DEFAULT, but also specified a match string.");
                    }
                    exact.put(type, null);
                }
                case MATCH_SPECIFIED -> {
                    if (component.match() != null) {
                        throw new InvalidRequestException("Request specified MATCH_TYPE_SPECIFIED, but also specified a match string.");
                    }
                    specified.add(type);
                }
                default -> throw new InvalidRequestException("Unknown match type " + component.matchType());
            }
        }
        boolean ip = exact.containsKey(ClientQuotaEntity.IP) || specified.contains(ClientQuotaEntity.IP);
        boolean userOrClient = exact.containsKey(ClientQuotaEntity.USER) || specified.contains(ClientQuotaEntity.USER)
                || exact.containsKey(ClientQuotaEntity.CLIENT_ID) || specified.contains(ClientQuotaEntity.CLIENT_ID);
        if (ip && userOrClient) {
            throw new InvalidRequestException("Invalid entity filter component combination. IP filter component "
                    + "should not be used with user or clientId filter component.");
        }
        DescribeClientQuotasResponseData response = new DescribeClientQuotasResponseData();
        store.snapshot().forEach((entity, values) -> {
            if (matches(entity, exact, specified, request.strict())) {
                DescribeClientQuotasResponseData.EntryData entry = new DescribeClientQuotasResponseData.EntryData();
                entity.entries().forEach((type, name) -> entry.entity().add(
                        new DescribeClientQuotasResponseData.EntityData().setEntityType(type).setEntityName(name)));
                values.forEach((key, value) -> entry.values().add(
                        new DescribeClientQuotasResponseData.ValueData().setKey(key).setValue(value)));
                response.entries().add(entry);
            }
        });
        return CompletableFuture.completedFuture(response);
    }

    private static boolean matches(ClientQuotaEntity entity, Map<String, String> exact, Set<String> specified,
                                   boolean strict) {
        Map<String, String> names = entity.entries();
        if (strict && names.size() != exact.size() + specified.size()) {
            return false;
        }
        for (Map.Entry<String, String> e : exact.entrySet()) {
            if (!names.containsKey(e.getKey()) || !Objects.equals(names.get(e.getKey()), e.getValue())) {
                return false;
            }
        }
        return names.keySet().containsAll(specified);
    }
}
