package io.lanes.cli.demo;

import java.io.PrintWriter;

/** The demo's console: whole lines from any thread, each flushed, times relative to the run's start. */
final class DemoOutput {
    private final PrintWriter out;
    private final long startNanos;

    DemoOutput(PrintWriter out, long startNanos) {
        this.out = out;
        this.startNanos = startNanos;
    }

    long startNanos() {
        return startNanos;
    }

    synchronized void line(String text) {
        out.println(text);
        out.flush();
    }

    synchronized void lines(Iterable<String> lines) {
        for (String line : lines) {
            out.println(line);
        }
        out.flush();
    }

    /** {@code [  7.31s] text}. */
    void event(String format, Object... args) {
        line(Format.text("[%7.2fs] ", (System.nanoTime() - startNanos) / 1e9) + Format.text(format, args));
    }

    PrintWriter writer() {
        return out;
    }
}
