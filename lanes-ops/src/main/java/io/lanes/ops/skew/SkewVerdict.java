package io.lanes.ops.skew;

/** How evenly a topic's records spread over its partitions (see {@link SkewThresholds}). */
public enum SkewVerdict {
    BALANCED("balanced"), SKEWED("skewed"), HOT_PARTITION("hot partition");

    private final String label;

    SkewVerdict(String label) {
        this.label = label;
    }

    /** For people: {@code hot partition}. */
    public String label() {
        return label;
    }
}
