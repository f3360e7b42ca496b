package io.lanes.bench.share;

import java.util.Map;

/**
 * One way of spreading a topic's records over consumers: a plain consumer group (at most one consumer per
 * partition), or a share group (KIP-932: every consumer reads every partition) on Lanes with Kafka's semantics,
 * on Lanes with key order ({@code lanes.share.ordering=key}), or on Apache Kafka.
 */
public enum ShareContestant {
    PLAIN_GROUP("plain-group", false, false, Map.of()),
    LANES_SHARE_NONE("lanes-share-none", true, false, Map.of("lanes.share.ordering", "none")),
    LANES_SHARE_KEY("lanes-share-key", true, false, Map.of("lanes.share.ordering", "key")),
    KAFKA_SHARE("kafka-share", true, true, Map.of());

    private final String id;
    private final boolean share;
    private final boolean onKafka;
    private final Map<String, String> groupConfigs;

    ShareContestant(String id, boolean share, boolean onKafka, Map<String, String> groupConfigs) {
        this.id = id;
        this.share = share;
        this.onKafka = onKafka;
        this.groupConfigs = groupConfigs;
    }

    public String id() {
        return id;
    }

    /** True for a share group, false for a plain consumer group. */
    public boolean share() {
        return share;
    }

    /** True when it runs on Apache Kafka, false on Lanes. */
    public boolean onKafka() {
        return onKafka;
    }

    /** Group configs set before the group starts (besides {@code share.auto.offset.reset=earliest}). */
    public Map<String, String> groupConfigs() {
        return groupConfigs;
    }

    public static ShareContestant parse(String text) {
        for (ShareContestant contestant : values()) {
            if (contestant.id.equals(text)) {
                return contestant;
            }
        }
        throw new IllegalArgumentException("unknown contestant " + text + " (plain-group, lanes-share-none,"
                + " lanes-share-key, kafka-share)");
    }
}
