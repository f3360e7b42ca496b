package io.lanes.registry;

import java.util.Locale;

/**
 * Confluent's compatibility levels. BACKWARD: the new schema reads data written with the old;
 * FORWARD: the old reads data written with the new; FULL: both. Plain levels compare with the
 * latest version only, {@code _TRANSITIVE} ones with every live version.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** Confluent's default. */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    final boolean backward;
    final boolean forward;
    final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** A level named in a request, any case; anything else is 42203. */
    static CompatibilityLevel parse(String name) {
        if (name == null) {
            throw RegistryException.invalidCompatibilityLevel();
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalidCompatibilityLevel();
        }
    }
}
