package io.lanes.cli.logging;

/** A temporary change of log levels; {@link #close} puts back what was set before. */
@FunctionalInterface
public interface LevelOverride extends AutoCloseable {
    @Override
    void close();
}
