package io.lanes.registry;

import java.util.Locale;

/**
 * Confluent's registry modes: READWRITE (default), READONLY (no registration or deletion: 42205)
 * and IMPORT (registration keeps the id and version the request gives, as when copying a registry).
 */
public enum Mode {
    READWRITE, READONLY, IMPORT;

    static Mode parse(String name) {
        if (name == null) {
            throw RegistryException.invalidMode("null");
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalidMode(name);
        }
    }
}
