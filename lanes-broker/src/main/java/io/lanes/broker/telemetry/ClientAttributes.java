package io.lanes.broker.telemetry;

import org.apache.kafka.common.Uuid;

/**
 * What a subscription's {@code match} can test about a client, with KIP-714's attribute names.
 * The software name and version come from the client's ApiVersions request (KIP-511),
 * "unknown" when it sent none.
 */
public record ClientAttributes(Uuid clientInstanceId, String clientId, String softwareName, String softwareVersion,
                               String sourceAddress, int sourcePort) {
    public static final String CLIENT_INSTANCE_ID = "client_instance_id";
    public static final String CLIENT_ID = "client_id";
    public static final String CLIENT_SOFTWARE_NAME = "client_software_name";
    public static final String CLIENT_SOFTWARE_VERSION = "client_software_version";
    public static final String CLIENT_SOURCE_ADDRESS = "client_source_address";
    public static final String CLIENT_SOURCE_PORT = "client_source_port";

    /** The attribute of that KIP-714 name, null for another name. */
    String attribute(String name) {
        return switch (name) {
            case CLIENT_INSTANCE_ID -> clientInstanceId.toString();
            case CLIENT_ID -> clientId;
            case CLIENT_SOFTWARE_NAME -> softwareName;
            case CLIENT_SOFTWARE_VERSION -> softwareVersion;
            case CLIENT_SOURCE_ADDRESS -> sourceAddress;
            case CLIENT_SOURCE_PORT -> String.valueOf(sourcePort);
            default -> null;
        };
    }
}
