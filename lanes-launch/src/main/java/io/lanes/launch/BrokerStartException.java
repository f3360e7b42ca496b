package io.lanes.launch;

import java.io.IOException;

/** A broker did not come up: it exited during start-up, or did not answer in time. The message ends with its output. */
public class BrokerStartException extends IOException {
    public BrokerStartException(String message) {
        super(message);
    }

    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The child could not bind a port picked a moment before: the caller may try again with other ports. */
    public static final class PortTaken extends BrokerStartException {
        public PortTaken(String message) {
            super(message);
        }
    }

    /** The exception for a child that exited during start-up: {@link PortTaken} when its output says so. */
    static BrokerStartException exited(String name, int exitCode, String output) {
        String message = name + " exited with code " + exitCode + " during start-up:\n" + output;
        return output.contains("Address already in use") ? new PortTaken(message) : new BrokerStartException(message);
    }
}
