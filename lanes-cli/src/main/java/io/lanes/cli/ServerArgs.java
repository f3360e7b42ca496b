package io.lanes.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a plain {@code lanes server} command line without picocli: {@code --port}, {@code --host}, {@code --data-dir},
 * {@code --config} (each at most once, as {@code --name value} or {@code --name=value}), {@code --set key=value}
 * (repeatable) and {@code --exit-after-start}, into a {@link ServerCommand} exactly as picocli would fill it.
 *
 * <p>Why: picocli's classes are Java 5 class files, which the launcher's class-data-sharing archive cannot hold, and
 * building a command's model reflects over its annotations; for {@code lanes server} that was a sixth of the time to
 * the first answer. Anything this reader does not take as it is (help, version, an unknown or repeated option, a
 * missing or odd value, an {@code @file} argument) goes to picocli, so usage, errors and help read as before.
 *
 * <p>Thread-safety: stateless.
 */
final class ServerArgs {

    private ServerArgs() {
    }

    /** The server command {@code args} run, or empty when they are for picocli to read. */
    static Optional<ServerCommand> parse(String[] args) {
        if (args.length == 0 || !args[0].equals("server")) {
            return Optional.empty();
        }
        ServerCommand command = new ServerCommand();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (name.equals("--exit-after-start")) {
                if (value != null || !seen.add(name)) {
                    return Optional.empty();
                }
                command.exitAfterStart = true;
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    return Optional.empty();
                }
                value = args[++i];
            }
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")
                    || !name.equals("--set") && !seen.add(name)) {
                return Optional.empty();
            }
            if (!set(command, name, value)) {
                return Optional.empty();
            }
        }
        return Optional.of(command);
    }

    /** Runs {@code command}; what it throws is reported as picocli would have ({@link LanesCli#serverFailed}). */
    static int run(ServerCommand command, String[] args) {
        try {
            return command.call();
        } catch (Exception e) {
            return LanesCli.serverFailed(e, args);
        }
    }

    private static boolean set(ServerCommand command, String name, String value) {
        switch (name) {
            case "--port" -> {
                try {
                    command.port = Integer.valueOf(value);
                } catch (NumberFormatException e) {
                    return false;
                }
            }
            case "--host" -> command.host = value;
            case "--data-dir" -> command.dataDir = Path.of(value);
            case "--config" -> command.configFile = Path.of(value);
            case "--set" -> {
                int equals = value.indexOf('=');
                if (equals <= 0) {
                    return false;
                }
                command.overrides.put(value.substring(0, equals), value.substring(equals + 1));
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
