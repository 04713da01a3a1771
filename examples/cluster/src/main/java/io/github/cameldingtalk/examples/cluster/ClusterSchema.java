package io.github.cameldingtalk.examples.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The tables the instances share (the claims table is made by the {@code JdbcClaimRepository} itself). Camel's {@code JdbcMessageIdRepository} would create its table without a key, and
 * its {@code add} is a SELECT then an INSERT: two instances claiming the same message at the same moment would both
 * win. The primary key makes the second INSERT fail, and the consumer then sees the message as a duplicate.
 */
final class ClusterSchema {

    private ClusterSchema() {
    }

    static void create(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            // instances start together: CREATE TABLE IF NOT EXISTS is not safe against itself in PostgreSQL
            connection.setAutoCommit(false);
            sql.execute("SELECT pg_advisory_xact_lock(7243)");
            sql.execute("CREATE TABLE IF NOT EXISTS CAMEL_MESSAGEPROCESSED (processorName VARCHAR(255) NOT NULL, "
                    + "messageId VARCHAR(100) NOT NULL, createdAt TIMESTAMP, PRIMARY KEY (processorName, messageId))");
            // what the events route does, so that a test (or an operator) can count how often each event was handled
            sql.execute("CREATE TABLE IF NOT EXISTS processed_events (event_id VARCHAR(100) NOT NULL, "
                    + "instance VARCHAR(100) NOT NULL, processed_at TIMESTAMP NOT NULL DEFAULT now())");
            connection.commit();
        }
    }
}
