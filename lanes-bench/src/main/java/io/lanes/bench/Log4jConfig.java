package io.lanes.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes log4j2 properties files for child JVMs (log4j-core reads the properties format natively). */
final class Log4jConfig {

    private Log4jConfig() {
    }

    /** A console configuration at {@code level}; the child's stdout is already redirected to a file. */
    static Path write(Path dir, String name, String level) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(file, String.join("\n",
                "status = warn",
                "appender.console.type = Console",
                "appender.console.name = STDOUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = " + level,
                "rootLogger.appenderRef.stdout.ref = STDOUT",
                ""));
        return file;
    }
}
