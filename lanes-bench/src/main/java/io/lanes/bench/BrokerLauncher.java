package io.lanes.bench;

import java.io.IOException;
import java.nio.file.Path;

/** Starts one broker kind in a fresh directory. */
interface BrokerLauncher {

    /**
     * Starts the broker and returns once it answers ApiVersions.
     *
     * @param dir an empty directory owned by this broker (data, config, logs)
     */
    RunningBroker start(Path dir) throws BenchException, IOException, InterruptedException;
}
