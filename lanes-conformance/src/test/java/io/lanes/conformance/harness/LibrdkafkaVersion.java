package io.lanes.conformance.harness;

/**
 * A librdkafka release as {@code rd_kafka_version_str()} prints it ({@code major.minor.patch}, possibly
 * followed by a suffix such as {@code -RC1}), for the feature gates of the scenarios. Immutable.
 */
public record LibrdkafkaVersion(int major, int minor, int patch, String text) {

    /** librdkafka 2.12.0: the KIP-848 consumer group protocol ({@code group.protocol=consumer}) is GA. */
    public static final LibrdkafkaVersion CONSUMER_GROUP_PROTOCOL = parse("2.12.0");
    /** librdkafka 2.3.0: Admin DescribeCluster, DescribeTopics and ListOffsets. */
    public static final LibrdkafkaVersion DESCRIBE_CLUSTER_AND_LIST_OFFSETS = parse("2.3.0");

    public static LibrdkafkaVersion parse(String text) {
        String[] parts = text.strip().split("[.\\-]", 4);
        if (parts.length < 3) {
            throw new IllegalArgumentException("not a librdkafka version: " + text);
        }
        return new LibrdkafkaVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                Integer.parseInt(parts[2]), text.strip());
    }

    public boolean atLeast(LibrdkafkaVersion other) {
        if (major != other.major) {
            return major > other.major;
        }
        if (minor != other.minor) {
            return minor > other.minor;
        }
        return patch >= other.patch;
    }

    @Override
    public String toString() {
        return text;
    }
}
