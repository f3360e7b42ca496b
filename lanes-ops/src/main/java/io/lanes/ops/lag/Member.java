package io.lanes.ops.lag;

/** The group member a partition is assigned to; {@link #NONE} when no member holds it. */
public record Member(String consumerId, String clientId, String host) {
    public static final Member NONE = new Member("", "", "");
}
