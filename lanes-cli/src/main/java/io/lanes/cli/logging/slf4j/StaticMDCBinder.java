package io.lanes.cli.logging.slf4j;

import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.spi.MDCAdapter;

/**
 * slf4j 1.7's MDC binding beside {@link StaticLoggerBinder}: a plain per-thread map (the log lines do not show it).
 *
 * <p>Thread-safety: immutable; the adapter keeps one map per thread.
 */
public final class StaticMDCBinder {
    /** The binding, as slf4j 1.7 looks it up. */
    public static final StaticMDCBinder SINGLETON = new StaticMDCBinder();

    private final MDCAdapter adapter = new BasicMDCAdapter();

    private StaticMDCBinder() {
    }

    /** The binding (slf4j 1.7.14 and later call this). */
    public static StaticMDCBinder getSingleton() {
        return SINGLETON;
    }

    /** The MDC adapter. */
    public MDCAdapter getMDCA() {
        return adapter;
    }

    /** The adapter's class name (slf4j reports it). */
    public String getMDCAdapterClassStr() {
        return BasicMDCAdapter.class.getName();
    }
}
