package io.lanes.processor.idempotent;

import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.util.UUID;

/** The idempotent-consumer contract on an embedded H2 database (the default for tests and small services). */
class IdempotentHandlerOnH2Test extends IdempotentHandlerContract {
    private final JdbcDataSource dataSource = new JdbcDataSource();

    IdempotentHandlerOnH2Test() {
        // a named in-memory database kept while the JVM runs; LOCK_TIMEOUT lets a racing insert wait for the first
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
