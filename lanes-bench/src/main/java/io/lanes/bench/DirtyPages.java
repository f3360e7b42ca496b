package io.lanes.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Writes the machine's dirty page cache back to disk ({@code sync}) before a measured produce run, so every run
 * starts from the same state. Without it a run inherits the writes of the runs before it: their writeback competes
 * for the CPUs, and once the dirty data passes the kernel's threshold the run's own writes are throttled, so a
 * broker's result would depend on its place in the round (the last produce run of a round was the slowest for the
 * brokers that write, never for the null broker). Thread-safety: stateless.
 */
final class DirtyPages {

    private DirtyPages() {
    }

    static void writeBack(Duration timeout) throws IOException, InterruptedException, BenchException {
        Process sync = new ProcessBuilder("sync").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!sync.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            sync.destroyForcibly();
            throw new BenchException("sync did not finish within " + timeout);
        }
    }
}
