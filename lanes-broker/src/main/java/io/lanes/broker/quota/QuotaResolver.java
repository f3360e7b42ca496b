package io.lanes.broker.quota;

import org.apache.kafka.common.quota.ClientQuotaEntity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the quota that applies to a (user, client id) pair, as Kafka's default quota callback does: the most
 * specific configured entity among, in order, {@code /users/<u>/clients/<c>}, {@code /users/<u>/clients/<default>},
 * {@code /users/<u>}, {@code /users/<default>/clients/<c>}, {@code /users/<default>/clients/<default>},
 * {@code /users/<default>}, {@code /clients/<c>}, {@code /clients/<default>}, holding the quota's key.
 *
 * <p>Clients matched through the same entity share one quota only where the entity names them alike: the answer's
 * {@code user} and {@code clientId} are the names the rate is measured under (Kafka's metric tags), the real name
 * for each part the entity has (named or default) and "" for a part it lacks. Stateless and thread-safe.
 */
final class QuotaResolver {
    /** The bound and the names its rate is measured under. */
    record Resolved(double bound, String user, String clientId) {
    }

    private QuotaResolver() {
    }

    /** One entity to look at: which parts it has, and their names (null = the default entity). */
    private record Candidate(boolean hasUser, String user, boolean hasClient, String clientId) {
        ClientQuotaEntity entity() {
            Map<String, String> entries = new HashMap<>(2);
            if (hasUser) {
                entries.put(ClientQuotaEntity.USER, user);
            }
            if (hasClient) {
                entries.put(ClientQuotaEntity.CLIENT_ID, clientId);
            }
            return new ClientQuotaEntity(entries);
        }
    }

    /** The applicable quota of {@code key} for the pair, or null when none is configured. */
    static Resolved resolve(Map<ClientQuotaEntity, Map<String, Double>> quotas, String key, String user,
                            String clientId) {
        List<Candidate> mostSpecificFirst = List.of(
                new Candidate(true, user, true, clientId),
                new Candidate(true, user, true, null),
                new Candidate(true, user, false, null),
                new Candidate(true, null, true, clientId),
                new Candidate(true, null, true, null),
                new Candidate(true, null, false, null),
                new Candidate(false, null, true, clientId),
                new Candidate(false, null, true, null));
        for (Candidate candidate : mostSpecificFirst) {
            Map<String, Double> values = quotas.get(candidate.entity());
            Double bound = values == null ? null : values.get(key);
            if (bound != null) {
                return new Resolved(bound, candidate.hasUser() ? user : "", candidate.hasClient() ? clientId : "");
            }
        }
        return null;
    }
}
