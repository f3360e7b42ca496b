package io.lanes.cli.demo;

/** The consumer group protocol the demo's consumers use. */
enum GroupProtocolChoice {
    /** The classic protocol (JoinGroup/SyncGroup) with the CooperativeStickyAssignor. */
    CLASSIC("classic"),
    /** KIP-848's consumer protocol (ConsumerGroupHeartbeat), assignment by the broker. */
    CONSUMER("consumer");

    private final String configValue;

    GroupProtocolChoice(String configValue) {
        this.configValue = configValue;
    }

    String configValue() {
        return configValue;
    }
}
