package io.lanes.cli;

import io.lanes.broker.StartupPreload;
import java.util.Optional;

/**
 * The {@code lanes} command's entry point (the jar's {@code Main-Class}): runs a plain {@code lanes server} line
 * itself ({@link ServerArgs}) and hands everything else to the picocli command line ({@link LanesCli}).
 *
 * <p>Why a class apart from {@link LanesCli}: loading a picocli command class makes the JVM load picocli's own
 * classes to check it (Java 5 class files, which the class-data archive cannot hold and the JVM verifies with its
 * old verifier), ~10 ms of every {@code lanes server} start, which never uses picocli.
 *
 * <p>Thread-safety: {@link #main} runs once, on the main thread.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        io.lanes.cli.logging.Logging.start();
        NettyMemory.configure();
        Optional<ServerCommand> server = ServerArgs.parse(args);
        if (server.isPresent()) {
            // before the configuration and logs are read, so the second core has the most time for it
            StartupPreload.begin();
        }
        System.exit(server.isPresent() ? ServerArgs.run(server.get(), args) : LanesCli.execute(args));
    }
}
