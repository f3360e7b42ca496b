package io.lanes.conformance.harness;

/**
 * What a finished child process left behind: its exit code and everything it wrote.
 *
 * @param exitCode the exit code, or -1 when the process was killed after its time limit
 * @param stdout   standard output, decoded as UTF-8
 * @param stderr   standard error, decoded as UTF-8
 * @param timedOut whether the process outlived its time limit and was killed
 */
public record ProcessResult(int exitCode, String stdout, String stderr, boolean timedOut) {

    /** A one-screen description for assertion messages. */
    public String describe() {
        return "exit=" + exitCode + (timedOut ? " (timed out)" : "")
                + "\n--- stdout ---\n" + tail(stdout) + "\n--- stderr ---\n" + tail(stderr);
    }

    private static String tail(String text) {
        int max = 6_000;
        return text.length() <= max ? text : "..." + text.substring(text.length() - max);
    }
}
