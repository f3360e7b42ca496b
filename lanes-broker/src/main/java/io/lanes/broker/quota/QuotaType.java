package io.lanes.broker.quota;

/**
 * The client quotas a single node enforces, each with the quota key that sets it and Kafka's name for its group of
 * metrics.
 */
public enum QuotaType {
    /** Bytes per second of produce requests. */
    PRODUCE(QuotaKeys.PRODUCER_BYTE_RATE, "Produce"),
    /** Bytes per second of fetch responses. */
    FETCH(QuotaKeys.CONSUMER_BYTE_RATE, "Fetch"),
    /** Percentage of one request-handling thread's time (100 = one thread all the time). */
    REQUEST(QuotaKeys.REQUEST_PERCENTAGE, "Request");

    private final String key;
    private final String metricGroup;

    QuotaType(String key, String metricGroup) {
        this.key = key;
        this.metricGroup = metricGroup;
    }

    /** The quota key (AlterClientQuotas) that limits this type. */
    public String key() {
        return key;
    }

    public String metricGroup() {
        return metricGroup;
    }
}
