package io.lanes.bench;

import java.util.Locale;

/** The brokers compared side by side. */
enum BrokerKind {
    KAFKA("kafka", "Kafka"),
    LANES_PAGE_CACHE("lanes-page-cache", "Lanes page-cache"),
    LANES_FSYNC("lanes-fsync", "Lanes fsync"),
    /** Lanes page-cache with {@code lanes.metrics.enabled=false}: what metrics cost, against LANES_PAGE_CACHE. */
    LANES_METRICS_OFF("lanes-metrics-off", "Lanes metrics off"),
    /** Lanes page-cache with hot-key sampling off: what sampling costs, against LANES_PAGE_CACHE. */
    LANES_HOTKEYS_OFF("lanes-hotkeys-off", "Lanes hot keys off"),
    /**
     * A Kafka-wire server that acknowledges Produce without storing anything: the ceiling the producer reaches on
     * this machine, which every produce figure is also given as a share of.
     */
    NULL("null", "null broker");

    private final String id;
    private final String title;

    BrokerKind(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** Command-line name, e.g. {@code lanes-fsync}. */
    String id() {
        return id;
    }

    /** Column header in the report. */
    String title() {
        return title;
    }

    boolean isLanes() {
        return this != KAFKA && this != NULL;
    }

    static BrokerKind parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (BrokerKind kind : values()) {
            if (kind.id.equals(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown broker '" + text + "' (kafka, lanes-page-cache, lanes-fsync, lanes-metrics-off, "
                + "lanes-hotkeys-off, null)");
    }
}
