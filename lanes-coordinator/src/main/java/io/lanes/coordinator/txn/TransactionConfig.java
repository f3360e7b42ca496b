package io.lanes.coordinator.txn;

/**
 * Transaction coordinator settings, with Kafka's broker config names and defaults.
 *
 * @param numPartitions                 transaction.state.log.num.partitions (50)
 * @param maxTimeoutMs                  transaction.max.timeout.ms (900000): longer client timeouts are refused
 * @param abortTimedOutIntervalMs       transaction.abort.timed.out.transaction.cleanup.interval.ms (10000)
 * @param idExpirationMs                transactional.id.expiration.ms (604800000)
 * @param removeExpiredIntervalMs       transaction.remove.expired.transaction.cleanup.interval.ms (3600000)
 */
public record TransactionConfig(int numPartitions, int maxTimeoutMs, long abortTimedOutIntervalMs,
                                long idExpirationMs, long removeExpiredIntervalMs) {

    public static TransactionConfig defaults() {
        return new TransactionConfig(50, 900_000, 10_000L, 604_800_000L, 3_600_000L);
    }
}
