package io.lanes.broker.handlers.txn;

/**
 * {@link TransactionsTest} with {@code lanes.durability=page-cache}: every write is acknowledged as soon as it is
 * appended, so the transaction coordinator's durable waits and marker writes complete on the calling thread.
 */
class TransactionsPageCacheTest extends TransactionsTest {
    @Override
    String durability() {
        return "page-cache";
    }
}
