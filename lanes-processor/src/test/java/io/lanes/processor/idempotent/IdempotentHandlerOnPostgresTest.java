package io.lanes.processor.idempotent;

import io.lanes.testkit.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The idempotent-consumer contract on a real PostgreSQL server (Debian's {@code postgresql},
 * started by the test). Under CI ({@code CI=true}) a missing PostgreSQL fails instead of skipping.
 */
class IdempotentHandlerOnPostgresTest extends IdempotentHandlerContract {
    private static EmbeddedPostgres postgres;
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void startPostgres() {
        if (EmbeddedPostgres.find().isEmpty()) {
            String reason = "PostgreSQL is not installed (Debian package postgresql)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(reason + " -- CI=true, so this test fails instead of skipping");
            }
            assumeTrue(false, reason);
        }
        postgres = EmbeddedPostgres.start();
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.user());
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
