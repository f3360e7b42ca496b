package io.lanes.ops.skew;

/** Which records a sample reads in each partition: the newest ({@link #END}) or the oldest ({@link #BEGINNING}). */
public enum SampleFrom {
    END, BEGINNING
}
