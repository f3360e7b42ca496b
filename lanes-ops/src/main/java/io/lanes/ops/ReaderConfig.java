package io.lanes.ops;

import java.util.HashMap;
import java.util.Map;

/**
 * Consumer config for the operations' readers (lag, records, skew, plan): the client config,
 * without a group, with auto-commit off and {@code allow.auto.create.topics=false}, because looking
 * at a topic must never create it (brokers with {@code auto.create.topics.enable} would, also for
 * a topic deleted since its offsets were listed). A caller that reads for a group puts
 * {@code group.id} back. Stateless, thread-safe.
 */
public final class ReaderConfig {
    private ReaderConfig() {
    }

    /** A fresh, mutable copy of {@code clientConfig} with the reader settings above. */
    public static Map<String, Object> of(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove("group.id");
        config.put("enable.auto.commit", "false");
        config.put("allow.auto.create.topics", "false");
        return config;
    }
}
