package io.lanes.processor.idempotent;

import io.lanes.processor.RecordHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Function;

/**
 * An idempotent consumer (seed article 003): handles each event at most once, however often its
 * record is delivered, by recording the event's id in the same database transaction as the
 * handler's own writes.
 *
 * <pre>{@code
 * IdempotentHandler<String, String> payments = IdempotentHandler.<String, String>builder(dataSource)
 *         .scope("billing")                          // rows of different consumers kept apart
 *         .eventId(EventIds.header("event-id"))      // or EventIds.sourcePosition()
 *         .handler((record, connection) -> debit(connection, record.value()))
 *         .build();
 * processor = LanesProcessor.<String, String>builder()...handler(payments).build();
 * }</pre>
 *
 * <p>Per record: take a connection, begin a transaction, insert the event id into the
 * {@link ProcessedEventTable} (waiting if another consumer is handling the same event right
 * now), run the handler on the same connection, commit. An id already committed means a
 * duplicate: the transaction is rolled back, nothing is written and the record counts as handled
 * ({@link Outcome#DUPLICATE}). Any failure rolls back both the handler's writes and the id, and
 * is rethrown, so a retry (or the dead-letter path) sees the event as unprocessed.
 *
 * <p>Thread-safe if the data source is: each call uses its own connection.
 */
public final class IdempotentHandler<K, V> implements RecordHandler<K, V> {
    private static final Logger log = LoggerFactory.getLogger(IdempotentHandler.class);

    /** What {@link #process} did with a record. */
    public enum Outcome {
        /** The handler ran and its writes committed with the event id. */
        PROCESSED,
        /** The event id was already recorded: the handler did not run. */
        DUPLICATE
    }

    private final DataSource dataSource;
    private final ProcessedEventTable table;
    private final String scope;
    private final Function<ConsumerRecord<K, V>, String> eventId;
    private final TransactionalHandler<K, V> handler;

    private IdempotentHandler(Builder<K, V> builder) {
        this.dataSource = builder.dataSource;
        this.table = new ProcessedEventTable(builder.table);
        this.scope = builder.scope;
        this.eventId = builder.eventId;
        this.handler = builder.handler;
    }

    public static <K, V> Builder<K, V> builder(DataSource dataSource) {
        return new Builder<>(dataSource);
    }

    /** Handles the record once per event id; a duplicate is skipped. */
    @Override
    public void handle(ConsumerRecord<K, V> record) throws Exception {
        process(record);
    }

    /** Handles the record once per event id, telling whether it ran or was a duplicate. */
    public Outcome process(ConsumerRecord<K, V> record) throws Exception {
        String id = eventId.apply(record);
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                if (!table.markProcessed(connection, scope, id)) {
                    connection.rollback();
                    log.info("Duplicate event {} ({}-{}@{}) skipped", id, record.topic(), record.partition(),
                            record.offset());
                    return Outcome.DUPLICATE;
                }
                handler.handle(record, connection);
                connection.commit();
                return Outcome.PROCESSED;
            } catch (Exception | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /** Creates the processed-events table if missing; call once at start-up (or create it with your migrations). */
    public IdempotentHandler<K, V> createTableIfMissing() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            table.createIfMissing(connection);
        }
        return this;
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Builds an {@link IdempotentHandler}; event id and handler are required. Not thread-safe. */
    public static final class Builder<K, V> {
        private final DataSource dataSource;
        private String table = ProcessedEventTable.DEFAULT_NAME;
        private String scope = "";
        private Function<ConsumerRecord<K, V>, String> eventId;
        private TransactionalHandler<K, V> handler;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The table of processed events (default {@value ProcessedEventTable#DEFAULT_NAME}). */
        public Builder<K, V> table(String table) {
            this.table = table;
            return this;
        }

        /** Keeps this consumer's event ids apart from others' in a shared table (default: empty). */
        public Builder<K, V> scope(String scope) {
            this.scope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /** How to name a record's event; see {@link EventIds}. */
        public Builder<K, V> eventId(Function<ConsumerRecord<K, V>, String> eventId) {
            this.eventId = eventId;
            return this;
        }

        public Builder<K, V> handler(TransactionalHandler<K, V> handler) {
            this.handler = handler;
            return this;
        }

        public IdempotentHandler<K, V> build() {
            if (eventId == null) {
                throw new IllegalStateException("eventId is required: how is an event named (e.g. EventIds.header(\"event-id\"))?");
            }
            if (handler == null) {
                throw new IllegalStateException("handler is required");
            }
            if (scope.length() > 255) {
                throw new IllegalArgumentException("scope must have at most 255 characters");
            }
            return new IdempotentHandler<>(this);
        }
    }
}
