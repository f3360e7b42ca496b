package io.lanes.broker;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses Kafka's listener settings: {@code listeners} / {@code advertised.listeners} as
 * comma-separated {@code NAME://host:port} entries ({@code [ipv6]} hosts allowed, an empty host
 * meaning every interface) and {@code listener.security.protocol.map} as {@code NAME:PROTOCOL}
 * pairs. Names are case-insensitive and kept upper case, as Kafka's {@code ListenerName.normalised}.
 * Stateless and thread-safe.
 */
final class ListenerParser {
    private ListenerParser() {
    }

    static List<BrokerConfig.Listener> parse(String key, String value, Map<String, SecurityProtocol> protocols) {
        List<BrokerConfig.Listener> listeners = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> ports = new HashSet<>();
        for (String entry : value.split(",")) {
            String spec = entry.trim();
            if (spec.isEmpty()) {
                continue;
            }
            BrokerConfig.Listener listener = parseOne(key, value, spec, protocols);
            if (!names.add(listener.name())) {
                throw new ConfigException(key, value, "each listener must have a different name, "
                        + listener.name() + " appears more than once");
            }
            if (listener.port() != 0 && !ports.add(listener.host() + ":" + listener.port())
                    && key.equals(BrokerConfig.LISTENERS)) {
                throw new ConfigException(key, value, "each listener must have a different port");
            }
            listeners.add(listener);
        }
        if (listeners.isEmpty()) {
            throw new ConfigException(key, value, "expected at least one NAME://host:port entry");
        }
        return listeners;
    }

    private static BrokerConfig.Listener parseOne(String key, String value, String spec,
                                                  Map<String, SecurityProtocol> protocols) {
        int scheme = spec.indexOf("://");
        if (scheme <= 0) {
            throw new ConfigException(key, value, "expected NAME://host:port");
        }
        String name = spec.substring(0, scheme).toUpperCase(Locale.ROOT);
        SecurityProtocol protocol = protocols.get(name);
        if (protocol == null) {
            throw new ConfigException(key, value, "no security protocol defined for listener " + name
                    + " in " + BrokerConfig.LISTENER_SECURITY_PROTOCOL_MAP);
        }
        String address = spec.substring(scheme + 3);
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException(key, value, "expected NAME://host:port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new ConfigException(key, value, "port out of range");
            }
            return new BrokerConfig.Listener(name, protocol, host.isEmpty() ? "0.0.0.0" : host, port);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "port is not a number");
        }
    }

    static Map<String, SecurityProtocol> protocolMap(String key, String value) {
        Map<String, SecurityProtocol> map = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.trim().split(":");
            if (parts.length != 2) {
                throw new ConfigException(key, value, "expected NAME:PROTOCOL pairs");
            }
            SecurityProtocol protocol;
            try {
                protocol = SecurityProtocol.forName(parts[1].trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, value, "unknown security protocol " + parts[1].trim()
                        + "; Lanes has PLAINTEXT, SSL, SASL_PLAINTEXT and SASL_SSL");
            }
            map.put(parts[0].trim().toUpperCase(Locale.ROOT), protocol);
        }
        return map;
    }
}
