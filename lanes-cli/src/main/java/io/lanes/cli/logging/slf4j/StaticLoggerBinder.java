package io.lanes.cli.logging.slf4j;

import io.lanes.cli.logging.StderrLoggerFactory;
import org.slf4j.ILoggerFactory;
import org.slf4j.spi.LoggerFactoryBinder;

/**
 * Binds slf4j 1.7 to {@link StderrLoggerFactory} in the {@code lanes} jar: the jar's build moves this package to
 * {@code org.slf4j.impl}, where slf4j looks for its binding, and leaves log4j out. On a plain class path (the modules'
 * tests, the benchmarks) this package keeps its name, slf4j does not see it, and log4j stays the binding.
 *
 * <p>Thread-safety: immutable after class initialisation.
 */
public final class StaticLoggerBinder implements LoggerFactoryBinder {
    /** The slf4j API version this binding is compiled against (slf4j reads it; not final, so not inlined). */
    public static String REQUESTED_API_VERSION = "1.6.99";

    private static final StaticLoggerBinder SINGLETON = new StaticLoggerBinder();

    private final ILoggerFactory factory = StderrLoggerFactory.fromSystemProperties();

    private StaticLoggerBinder() {
    }

    /** The binding (slf4j calls this once, when the first logger is asked for). */
    public static StaticLoggerBinder getSingleton() {
        return SINGLETON;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public String getLoggerFactoryClassStr() {
        return StderrLoggerFactory.class.getName();
    }
}
