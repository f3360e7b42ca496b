package io.lanes.cli.command;

/**
 * Ends a command with an exit code and one line for the user, no stack trace: {@link #CHECK_FAILED}
 * (1) when the command ran and what it checks does not hold (a lag verdict, say), {@link #USAGE} (2)
 * for bad input, an unknown topic or group, or a cluster that cannot be reached.
 */
public final class CommandFailure extends RuntimeException {
    public static final int CHECK_FAILED = 1;
    public static final int USAGE = 2;

    private final int exitCode;

    public CommandFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
