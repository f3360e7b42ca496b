package io.lanes.cli.logging.slf4j;

import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MarkerFactoryBinder;

/**
 * slf4j 1.7's marker binding beside {@link StaticLoggerBinder}: slf4j's basic markers (the log lines ignore them).
 *
 * <p>Thread-safety: immutable; the factory is thread-safe.
 */
public final class StaticMarkerBinder implements MarkerFactoryBinder {
    /** The binding, as slf4j 1.7 looks it up. */
    public static final StaticMarkerBinder SINGLETON = new StaticMarkerBinder();

    private final IMarkerFactory markers = new BasicMarkerFactory();

    private StaticMarkerBinder() {
    }

    /** The binding (slf4j 1.7.14 and later call this). */
    public static StaticMarkerBinder getSingleton() {
        return SINGLETON;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public String getMarkerFactoryClassStr() {
        return BasicMarkerFactory.class.getName();
    }
}
