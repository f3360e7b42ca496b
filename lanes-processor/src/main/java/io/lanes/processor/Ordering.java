package io.lanes.processor;

/**
 * Which records a {@link LanesProcessor} may handle at the same time.
 */
public enum Ordering {
    /**
     * Records with equal keys are handled one at a time, in offset order; records with different
     * keys concurrently. Keys are compared by their serialized bytes, so {@code byte[]} keys compare
     * by content. Records without a key are handled one at a time per partition.
     */
    KEY,
    /** Records of one partition are handled one at a time, in offset order. */
    PARTITION,
    /** Any record may be handled at any time. */
    UNORDERED
}
