package io.lanes.processor.idempotent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The table that remembers which events were processed, one row per event:
 *
 * <pre>
 * CREATE TABLE IF NOT EXISTS &lt;table&gt; (
 *     scope        VARCHAR(255)  NOT NULL,  -- e.g. the consumer group: one table can serve many
 *     event_id     VARCHAR(255)  NOT NULL,
 *     processed_at TIMESTAMP     NOT NULL,
 *     PRIMARY KEY (scope, event_id))
 * </pre>
 *
 * <p>Plain SQL that PostgreSQL, H2, MySQL and most others accept. A row is inserted inside the
 * caller's transaction, before the caller's own writes: the primary key makes a second insert of
 * the same event wait for the first transaction and fail once it has committed (SQLSTATE class
 * 23, integrity constraint violation), so an event is never handled twice, even by two
 * consumers at once; if the first transaction rolls back, the second insert succeeds.
 *
 * <p>Immutable and thread-safe; every method works on the connection it is given.
 */
public final class ProcessedEventTable {
    /** Default table name. */
    public static final String DEFAULT_NAME = "lanes_processed_events";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
    private static final int MAX_ID_LENGTH = 255;

    private final String name;

    /**
     * @param name the table name, optionally schema-qualified ({@code schema.table}); letters,
     *             digits and underscores only, as it is put into SQL text
     */
    public ProcessedEventTable(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid table name for processed events: " + name
                    + " (expected [schema.]table of letters, digits and underscores)");
        }
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Creates the table if it does not exist, in its own committed statement. */
    public void createIfMissing(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + name + " ("
                    + "scope VARCHAR(255) NOT NULL, "
                    + "event_id VARCHAR(255) NOT NULL, "
                    + "processed_at TIMESTAMP NOT NULL, "
                    + "PRIMARY KEY (scope, event_id))");
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    /**
     * Records the event as processed in the connection's current transaction.
     *
     * @return {@code true} if it was not processed before; {@code false} if a committed row
     *         already names it (the caller must roll back: on PostgreSQL the failed insert has
     *         aborted the transaction)
     */
    public boolean markProcessed(Connection connection, String scope, String eventId) throws SQLException {
        if (eventId == null || eventId.isEmpty() || eventId.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("An event id must have 1 to " + MAX_ID_LENGTH + " characters, got: "
                    + eventId);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + name + " (scope, event_id, processed_at) VALUES (?, ?, ?)")) {
            insert.setString(1, scope);
            insert.setString(2, eventId);
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (isIntegrityViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Whether the event is recorded as processed (committed, or in this connection's transaction). */
    public boolean isProcessed(Connection connection, String scope, String eventId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM " + name + " WHERE scope = ? AND event_id = ?")) {
            query.setString(1, scope);
            query.setString(2, eventId);
            try (var rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static boolean isIntegrityViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            String state = next.getSQLState();
            if (state != null && state.startsWith("23")) {
                return true;
            }
        }
        return false;
    }
}
