package io.lanes.processor.idempotent;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an idempotent consumer must guarantee, run against each database (subclasses supply
 * the data source): a payment event debits an account once, however often it is delivered.
 */
abstract class IdempotentHandlerContract {
    private static final AtomicInteger TABLES = new AtomicInteger();

    private String accounts;
    private String processed;

    protected abstract DataSource dataSource();

    @BeforeEach
    void createTables() throws SQLException {
        int n = TABLES.incrementAndGet();
        accounts = "accounts_" + n;
        processed = "processed_" + n;
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + accounts + " (id VARCHAR(64) PRIMARY KEY, balance INTEGER NOT NULL)");
            s.execute("INSERT INTO " + accounts + " VALUES ('alice', 100)");
        }
    }

    @Test
    void shouldDebitOnceWhenTheSameEventIsDeliveredTwice() throws Exception {
        // given
        IdempotentHandler<String, String> payments = payments(new AtomicInteger(), 0);

        // when
        var first = payments.process(payment(10, "evt-1", 30));
        var second = payments.process(payment(11, "evt-1", 30));
        var other = payments.process(payment(12, "evt-2", 5));

        // then
        assertThat(List.of(first, second, other)).containsExactly(IdempotentHandler.Outcome.PROCESSED,
                IdempotentHandler.Outcome.DUPLICATE, IdempotentHandler.Outcome.PROCESSED);
        assertThat(balance()).isEqualTo(65);
    }

    @Test
    void shouldRollBackEventIdAndWritesWhenHandlerFails() throws Exception {
        // given: the handler debits, then fails on its first call
        AtomicInteger calls = new AtomicInteger();
        IdempotentHandler<String, String> payments = IdempotentHandler.<String, String>builder(dataSource())
                .table(processed).scope("billing").eventId(EventIds.header("event-id"))
                .handler((record, connection) -> {
                    debit(connection, Integer.parseInt(record.value()));
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("downstream timeout");
                    }
                })
                .build().createTableIfMissing();

        // when
        assertThatThrownBy(() -> payments.process(payment(20, "evt-9", 40))).hasMessage("downstream timeout");
        int balanceAfterFailure = balance();
        var retried = payments.process(payment(20, "evt-9", 40));

        // then
        assertThat(balanceAfterFailure).isEqualTo(100);
        assertThat(retried).isEqualTo(IdempotentHandler.Outcome.PROCESSED);
        assertThat(balance()).isEqualTo(60);
    }

    @Test
    void shouldHandleOnceWhenTwoConsumersProcessTheSameEventAtOnce() throws Exception {
        // given: a slow handler, so the second delivery arrives while the first is in its transaction
        AtomicInteger handled = new AtomicInteger();
        IdempotentHandler<String, String> payments = payments(handled, 300);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            // when
            List<Future<IdempotentHandler.Outcome>> outcomes = List.of(
                    pool.submit(() -> { go.await(); return payments.process(payment(30, "evt-7", 25)); }),
                    pool.submit(() -> { go.await(); return payments.process(payment(31, "evt-7", 25)); }));
            go.countDown();

            // then
            assertThat(List.of(outcomes.get(0).get(30, TimeUnit.SECONDS), outcomes.get(1).get(30, TimeUnit.SECONDS)))
                    .containsExactlyInAnyOrder(IdempotentHandler.Outcome.PROCESSED, IdempotentHandler.Outcome.DUPLICATE);
            assertThat(handled).hasValue(1);
            assertThat(balance()).isEqualTo(75);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldKeepScopesApartWhenTwoConsumersShareTheTable() throws Exception {
        // given
        IdempotentHandler<String, String> billing = payments(new AtomicInteger(), 0);
        IdempotentHandler<String, String> audit = IdempotentHandler.<String, String>builder(dataSource())
                .table(processed).scope("audit").eventId(EventIds.header("event-id"))
                .handler((record, connection) -> { })
                .build();

        // when
        billing.process(payment(40, "evt-3", 1));

        // then
        assertThat(audit.process(payment(40, "evt-3", 1))).isEqualTo(IdempotentHandler.Outcome.PROCESSED);
        assertThat(billing.process(payment(40, "evt-3", 1))).isEqualTo(IdempotentHandler.Outcome.DUPLICATE);
    }

    @Test
    void shouldFailWhenTheRecordHasNoEventId() throws Exception {
        // given
        IdempotentHandler<String, String> payments = payments(new AtomicInteger(), 0);
        ConsumerRecord<String, String> noId = new ConsumerRecord<>("payments", 0, 50, "alice", "10");

        // when / then
        assertThatThrownBy(() -> payments.process(noId)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no header event-id");
        assertThat(balance()).isEqualTo(100);
    }

    private IdempotentHandler<String, String> payments(AtomicInteger handled, long slowMs) throws SQLException {
        return IdempotentHandler.<String, String>builder(dataSource())
                .table(processed).scope("billing").eventId(EventIds.header("event-id"))
                .handler((record, connection) -> {
                    handled.incrementAndGet();
                    debit(connection, Integer.parseInt(record.value()));
                    Thread.sleep(slowMs);
                })
                .build().createTableIfMissing();
    }

    private void debit(Connection connection, int amount) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + accounts + " SET balance = balance - ? WHERE id = 'alice'")) {
            update.setInt(1, amount);
            update.executeUpdate();
        }
    }

    private int balance() throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT balance FROM " + accounts)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static ConsumerRecord<String, String> payment(long offset, String eventId, int amount) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("event-id", eventId.getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>("payments", 0, offset, System.currentTimeMillis(), TimestampType.CREATE_TIME,
                -1, -1, "alice", Integer.toString(amount), headers, Optional.empty());
    }
}
