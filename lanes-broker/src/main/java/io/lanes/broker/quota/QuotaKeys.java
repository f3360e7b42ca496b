package io.lanes.broker.quota;

import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.requests.ApiError;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * The quota keys Kafka accepts for each kind of entity, with their types, and Kafka's checks of an entity and of a
 * value (the rules and messages of Kafka's controller, so AlterClientQuotas answers as Kafka answers). Stateless.
 */
public final class QuotaKeys {
    public static final String PRODUCER_BYTE_RATE = "producer_byte_rate";
    public static final String CONSUMER_BYTE_RATE = "consumer_byte_rate";
    public static final String REQUEST_PERCENTAGE = "request_percentage";
    public static final String CONTROLLER_MUTATION_RATE = "controller_mutation_rate";
    public static final String CONNECTION_CREATION_RATE = "connection_creation_rate";

    /** The type of a quota value, as Kafka's config definitions give it. */
    enum Type { LONG, INT, DOUBLE }

    private static final Map<String, Type> USER_AND_CLIENT = Map.of(
            PRODUCER_BYTE_RATE, Type.LONG,
            CONSUMER_BYTE_RATE, Type.LONG,
            REQUEST_PERCENTAGE, Type.DOUBLE,
            CONTROLLER_MUTATION_RATE, Type.DOUBLE);
    private static final Map<String, Type> IP = Map.of(CONNECTION_CREATION_RATE, Type.INT);

    private QuotaKeys() {
    }

    /** Checks the entity's types and names; {@link ApiError#NONE} when it may hold quotas. */
    static ApiError validateEntity(Map<String, String> entity) {
        if (entity.isEmpty()) {
            return new ApiError(Errors.INVALID_REQUEST, "Invalid empty client quota entity");
        }
        for (Map.Entry<String, String> e : entity.entrySet()) {
            String type = e.getKey();
            if (!type.equals(ClientQuotaEntity.USER) && !type.equals(ClientQuotaEntity.CLIENT_ID)
                    && !type.equals(ClientQuotaEntity.IP)) {
                return new ApiError(Errors.INVALID_REQUEST, "Unhandled client quota entity type: " + type);
            }
            if (e.getValue() != null && e.getValue().isEmpty()) {
                return new ApiError(Errors.INVALID_REQUEST, "Empty " + type + " not supported");
            }
        }
        return ApiError.NONE;
    }

    /** The keys valid for the entity's combination of types, or null with the error set in {@code error[0]}. */
    static Map<String, Type> keysFor(Map<String, String> entity, ApiError[] error) {
        boolean user = entity.containsKey(ClientQuotaEntity.USER);
        boolean clientId = entity.containsKey(ClientQuotaEntity.CLIENT_ID);
        if (entity.containsKey(ClientQuotaEntity.IP)) {
            if (user || clientId) {
                // Kafka's message lacks the space before "not"; kept as Kafka answers.
                error[0] = new ApiError(Errors.INVALID_REQUEST,
                        "Invalid quota entity combination, IP entity shouldnot be combined with User or ClientId");
                return null;
            }
            String ip = entity.get(ClientQuotaEntity.IP);
            if (!isValidIp(ip)) {
                error[0] = new ApiError(Errors.INVALID_REQUEST, ip + " is not a valid IP or resolvable host.");
                return null;
            }
            return IP;
        }
        if (user || clientId) {
            return USER_AND_CLIENT;
        }
        error[0] = new ApiError(Errors.INVALID_REQUEST, "Invalid empty client quota entity");
        return null;
    }

    /** Checks a value to set for {@code key}, as Kafka's controller does. */
    static ApiError validateValue(Map<String, Type> validKeys, String key, double value) {
        Type type = validKeys.get(key);
        if (type == null) {
            return new ApiError(Errors.INVALID_REQUEST, "Invalid configuration key " + key);
        }
        if (value <= 0.0) {
            return new ApiError(Errors.INVALID_REQUEST, "Quota " + key + " must be greater than 0");
        }
        return switch (type) {
            case DOUBLE -> ApiError.NONE;
            case INT -> value > Integer.MAX_VALUE
                    ? new ApiError(Errors.INVALID_REQUEST, "Proposed value for " + key + " is too large for an INT.")
                    : integral(value, key);
            case LONG -> value > Long.MAX_VALUE
                    ? new ApiError(Errors.INVALID_REQUEST, "Proposed value for " + key + " is too large for a LONG.")
                    : integral(value, key);
        };
    }

    private static ApiError integral(double value, String key) {
        return Math.abs(value % 1.0) > 1e-6
                ? new ApiError(Errors.INVALID_REQUEST, key + " cannot be a fractional value.")
                : ApiError.NONE;
    }

    /** The default IP entity (null), an IP literal, or a host name that resolves (as Kafka accepts). */
    private static boolean isValidIp(String ip) {
        if (ip == null) {
            return true;
        }
        try {
            InetAddress.getByName(ip);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
