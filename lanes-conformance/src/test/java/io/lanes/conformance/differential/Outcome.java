package io.lanes.conformance.differential;

import io.lanes.conformance.java.Clients;

/**
 * The result of one client call as a client sees it: a value, or the type of the exception it
 * threw (messages differ between brokers and are not compared).
 */
public final class Outcome {

    private Outcome() {
    }

    /** Runs {@code call} and returns its result, or {@code "error <ExceptionType>"}. */
    public static Object of(Clients.Probe<?> call) {
        try {
            Object value = call.get();
            return value == null ? "ok" : value;
        } catch (Throwable t) {
            return error(Clients.unwrap(t));
        }
    }

    /** Runs {@code action} and returns {@code "ok"} or {@code "error <ExceptionType>"}. */
    public static String ofAction(Clients.ThrowingRunnable action) {
        try {
            action.run();
            return "ok";
        } catch (Throwable t) {
            return error(Clients.unwrap(t));
        }
    }

    static String error(Throwable t) {
        return "error " + t.getClass().getSimpleName();
    }
}
