package io.github.cameldingtalk.stream.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's {@code claimRepository} for several instances of one app sharing a database: the messages being
 * processed right now, one row each. An instance refreshes its own claims every keep-alive interval and removes each
 * when its message is done or failed; a claim older than the max age belongs to an instance that died, and the next
 * claim of that message (DingTalk's redelivery, on another instance) takes it over.
 *
 * <p>Every claim is decided by one statement: an {@code INSERT} that the primary key lets only one instance win, or,
 * when the row exists, an {@code UPDATE … WHERE claimed_at < stale} that only one instance can match. (camel-sql's
 * {@code JdbcOrphanLockAwareIdempotentRepository} reads, then writes: two instances claiming one message at the same
 * moment can both win.) Plain SQL (tested on PostgreSQL and H2); ages are compared with the instances'
 * clocks, which must agree to well within the max age (NTP does).
 *
 * <p>A database error is thrown (a {@link RuntimeCamelException}), never answered "claimed by someone else": the
 * consumer then routes the message without the duplicate check and counts it.
 */
public class JdbcClaimRepository extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcClaimRepository.class);
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    /** A claim this many max ages old is an orphan: DingTalk stopped redelivering its message long ago. */
    private static final int ORPHAN_AGE_FACTOR = 100;

    private DataSource dataSource;
    private String tableName = "DINGTALK_CLAIMS";
    private String owner;
    private long maxAgeMillis = 30_000;
    private long keepAliveMillis = 5_000;
    private boolean createTableIfNotExists = true;

    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService keepAlive;
    private ClaimTable table;

    public JdbcClaimRepository() {
    }

    public JdbcClaimRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean add(String key) {
        if (!isStarted()) {
            throw new IllegalStateException("JdbcClaimRepository must be started before it claims (the consumer starts it)");
        }
        long now = System.currentTimeMillis();
        try (Connection connection = table.autoCommitting()) {
            try {
                ClaimTable.update(connection, "INSERT INTO " + tableName + " (message_key, owner, claimed_at) VALUES (?, ?, ?)",
                        key, owner, now);
            } catch (SQLException e) {
                if (!ClaimTable.isDuplicateKey(e)) {
                    throw e;
                }
                // the row exists: only a stale claim (its instance died) can be taken over
                if (ClaimTable.update(connection, "UPDATE " + tableName + " SET owner = ?, claimed_at = ? "
                        + "WHERE message_key = ? AND claimed_at < ?", owner, now, key, now - maxAgeMillis) == 0) {
                    return false;
                }
                LOG.debug("Took over the stale claim {}", key);
            }
            held.add(key);
            return true;
        } catch (SQLException e) {
            throw new RuntimeCamelException("Could not claim " + key + " in " + tableName, e);
        }
    }

    /** Whether someone holds a live claim on the key. */
    @Override
    public boolean contains(String key) {
        try (Connection connection = table.autoCommitting(); PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM " + tableName + " WHERE message_key = ? AND claimed_at >= ?")) {
            select.setString(1, key);
            select.setLong(2, System.currentTimeMillis() - maxAgeMillis);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException("Could not look up " + key + " in " + tableName, e);
        }
    }

    /** Gives up this instance's claim (a claim another instance took over stays). */
    @Override
    public boolean remove(String key) {
        held.remove(key);
        return update("remove " + key, "DELETE FROM " + tableName + " WHERE message_key = ? AND owner = ?", key, owner) == 1;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    /** Removes this instance's claims. */
    @Override
    public void clear() {
        held.clear();
        update("clear the claims of " + owner, "DELETE FROM " + tableName + " WHERE owner = ?", owner);
    }

    @Override
    protected void doStart() throws Exception {
        if (dataSource == null) {
            throw new IllegalArgumentException("JdbcClaimRepository: dataSource must be set");
        }
        if (!TABLE_NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException("JdbcClaimRepository: tableName must be an SQL name, not '" + tableName + "'");
        }
        if (maxAgeMillis <= 0 || keepAliveMillis <= 0 || keepAliveMillis >= maxAgeMillis) {
            throw new IllegalArgumentException("JdbcClaimRepository: keepAliveMillis (" + keepAliveMillis
                    + ") must be positive and shorter than maxAgeMillis (" + maxAgeMillis + ")");
        }
        if (owner == null || owner.isBlank()) {
            owner = defaultOwner();
        }
        table = new ClaimTable(dataSource, tableName);
        if (createTableIfNotExists) {
            table.create();
        }
        keepAlive = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "JdbcClaimRepository keep-alive");
            thread.setDaemon(true);
            return thread;
        });
        keepAlive.scheduleWithFixedDelay(this::keepAlive, keepAliveMillis, keepAliveMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (keepAlive != null) {
            keepAlive.shutdownNow();
            keepAlive = null;
        }
    }

    /** Refreshes this instance's claims, and deletes orphans (claims of dead instances nobody took over). */
    private void keepAlive() {
        long now = System.currentTimeMillis();
        try (Connection connection = table.autoCommitting()) {
            List<String> keys = new ArrayList<>(held);
            if (!keys.isEmpty()) {
                try (PreparedStatement refresh = connection.prepareStatement(
                        "UPDATE " + tableName + " SET claimed_at = ? WHERE message_key = ? AND owner = ?")) {
                    for (String key : keys) {
                        refresh.setLong(1, now);
                        refresh.setString(2, key);
                        refresh.setString(3, owner);
                        refresh.addBatch();
                    }
                    refresh.executeBatch();
                }
            }
            ClaimTable.update(connection, "DELETE FROM " + tableName + " WHERE claimed_at < ?", now - ORPHAN_AGE_FACTOR * maxAgeMillis);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not refresh {} claims (and purge orphans) in {}: {}", held.size(), tableName, e.getMessage());
        }
    }

    /** One statement on a connection of its own; a failure names {@code what} could not be done. */
    private int update(String what, String sql, Object... parameters) {
        try (Connection connection = table.autoCommitting()) {
            return ClaimTable.update(connection, sql, parameters);
        } catch (SQLException e) {
            throw new RuntimeCamelException("Could not " + what + " in " + tableName, e);
        }
    }

    private static String defaultOwner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    /** The database the instances share (a pooled DataSource: each claim borrows a connection). */
    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public String getTableName() {
        return tableName;
    }

    /** The table of claims, {@code DINGTALK_CLAIMS} by default; the same in every instance of the app. */
    public void setTableName(String tableName) {
        this.tableName = tableName;
    }

    public String getOwner() {
        return owner;
    }

    /** This instance's name in the table; unique per instance (default: host name, process id and a random part). */
    public void setOwner(String owner) {
        this.owner = owner;
    }

    public long getMaxAgeMillis() {
        return maxAgeMillis;
    }

    /**
     * How old a claim must be to be taken over (default 30,000): a dead instance's messages wait this long; a live
     * instance refreshes its claims well before.
     */
    public void setMaxAgeMillis(long maxAgeMillis) {
        this.maxAgeMillis = maxAgeMillis;
    }

    public long getKeepAliveMillis() {
        return keepAliveMillis;
    }

    /** How often an instance refreshes its claims (default 5,000); shorter than the max age. */
    public void setKeepAliveMillis(long keepAliveMillis) {
        this.keepAliveMillis = keepAliveMillis;
    }

    public boolean isCreateTableIfNotExists() {
        return createTableIfNotExists;
    }

    /** Creates the table at start when it is missing (default true). */
    public void setCreateTableIfNotExists(boolean createTableIfNotExists) {
        this.createTableIfNotExists = createTableIfNotExists;
    }
}
