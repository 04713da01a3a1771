package io.github.cameldingtalk.stream.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The SQL side of {@link JdbcClaimRepository}: its table, and statements that each stand alone. */
final class ClaimTable {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimTable.class);

    private final DataSource dataSource;
    private final String name;

    ClaimTable(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Creates the table unless it exists (another instance starting at the same moment may create it too). */
    void create() throws SQLException {
        if (exists()) {
            return;
        }
        try (Connection connection = autoCommitting(); Statement create = connection.createStatement()) {
            create.execute("CREATE TABLE " + name + " (message_key VARCHAR(255) NOT NULL PRIMARY KEY, "
                    + "owner VARCHAR(255) NOT NULL, claimed_at BIGINT NOT NULL)");
            LOG.info("Created the claims table {}", name);
        } catch (SQLException e) {
            if (!exists()) {
                throw e;
            }
        }
    }

    private boolean exists() {
        try (Connection connection = autoCommitting(); Statement select = connection.createStatement()) {
            select.executeQuery("SELECT message_key FROM " + name + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Each statement stands alone: a failed INSERT must not abort a transaction the next statement needs. */
    Connection autoCommitting() throws SQLException {
        Connection connection = dataSource.getConnection();
        if (!connection.getAutoCommit()) {
            connection.setAutoCommit(true);
        }
        return connection;
    }

    static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** Unique violation: 23505 (PostgreSQL, H2, DB2 …), 23000 (MySQL, Oracle, SQL Server); not e.g. NOT NULL (23502). */
    static boolean isDuplicateKey(SQLException e) {
        String state = e.getSQLState();
        return "23505".equals(state) || "23000".equals(state)
                || (state == null && e instanceof SQLIntegrityConstraintViolationException);
    }
}
