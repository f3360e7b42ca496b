package io.lanes.broker.telemetry;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One client metrics subscription in force: which metric prefixes the clients it matches push,
 * and how often. Immutable.
 *
 * @param name       the CLIENT_METRICS resource name
 * @param metrics    requested metric name prefixes ({@code *} = all, empty = none)
 * @param intervalMs push interval
 * @param match      attribute name to the regex its value must match whole (empty = every client)
 */
public record Subscription(String name, List<String> metrics, int intervalMs, Map<String, Pattern> match) {
    public Subscription {
        metrics = List.copyOf(metrics);
        match = Map.copyOf(match);
    }

    /** True if every pattern matches the client's attribute of that name (a missing attribute does not). */
    boolean matches(ClientAttributes client) {
        for (Map.Entry<String, Pattern> pattern : match.entrySet()) {
            String value = client.attribute(pattern.getKey());
            if (value == null || !pattern.getValue().matcher(value).matches()) {
                return false;
            }
        }
        return true;
    }
}
