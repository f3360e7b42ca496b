package io.lanes.ops.lag;

/**
 * Where the evaluator learns about commits: every commit read from {@code __consumer_offsets}
 * (STALL can be told from STOP), or committed offsets sampled periodically (a partition whose
 * commits repeat one offset looks like one that stopped committing, and is reported STOP).
 */
public record CommitSource(boolean followsCommitLog, String description) {

    public static CommitSource commitLog() {
        return new CommitSource(true, "every commit read from __consumer_offsets");
    }

    public static CommitSource sampling(String reason) {
        return new CommitSource(false, "committed offsets sampled (" + reason
                + "); repeated commits of one offset cannot be seen, so STALL is reported as STOP");
    }
}
