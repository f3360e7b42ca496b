package io.lanes.broker.telemetry;

import org.apache.kafka.common.Uuid;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The client instances the broker knows, at most {@value #MAX_INSTANCES} (Kafka's cache size),
 * the least recently used dropped first, and each forgotten once it {@link ClientInstance#expired
 * expired}. Thread-safe: every method is synchronized; none calls out while holding the lock
 * except to {@code create}.
 */
final class ClientInstances {
    static final int MAX_INSTANCES = 16_384;

    private final LinkedHashMap<Uuid, ClientInstance> instances = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Uuid, ClientInstance> eldest) {
            return size() > MAX_INSTANCES;
        }
    };

    /**
     * The instance with that id, made by {@code create} when unknown, expired, or evaluated
     * against older subscriptions than {@code version} (then from the attributes it had),
     * marked seen at {@code nowMs}.
     */
    synchronized ClientInstance get(Uuid id, int version, long nowMs, ClientAttributes attributes,
                                    Function<ClientAttributes, ClientInstance> create) {
        ClientInstance instance = instances.get(id);
        if (instance == null || instance.expired(nowMs)) {
            instance = create.apply(attributes);
            instances.put(id, instance);
        } else if (instance.subscriptionVersion() < version) {
            instance = create.apply(instance.attributes());
            instances.put(id, instance);
        }
        instance.seen(nowMs);
        return instance;
    }

    synchronized boolean contains(Uuid id) {
        return instances.containsKey(id);
    }

    /** Forgets the expired instances. */
    synchronized void expire(long nowMs) {
        instances.values().removeIf(instance -> instance.expired(nowMs));
    }

    synchronized int size() {
        return instances.size();
    }
}
