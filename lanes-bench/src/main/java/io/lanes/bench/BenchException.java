package io.lanes.bench;

/** A measurement that could not be taken (broker did not start, tool failed or timed out). */
final class BenchException extends Exception {

    private static final long serialVersionUID = 1L;

    BenchException(String message) {
        super(message);
    }

    BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
