package io.lanes.ops.lag;

/** A group's level against {@link LagThresholds} and the rule that set it. */
public record Alert(Level level, String rule) {

    /** In increasing severity. */
    public enum Level { NONE, WARNING, CRITICAL, EMERGENCY }

    /** The Burrow-style status this level counts as for {@code --fail-on}: warning is WARN, worse is ERR. */
    public LagStatus asStatus() {
        return switch (level) {
            case NONE -> LagStatus.OK;
            case WARNING -> LagStatus.WARN;
            case CRITICAL, EMERGENCY -> LagStatus.ERR;
        };
    }
}
