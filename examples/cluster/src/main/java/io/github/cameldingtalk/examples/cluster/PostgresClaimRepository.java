package io.github.cameldingtalk.examples.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims of messages being processed, for the consumer's {@code claimRepository}: a claim is one row, refreshed by
 * its instance every keep-alive interval and removed when the message is done or failed. A row older than the max
 * age belongs to an instance that died, and the next claim takes it over. Claiming is one statement
 * ({@code INSERT … ON CONFLICT DO UPDATE … WHERE stale}), so two instances never both win, and ages are measured
 * with the database's clock, not the instances'.
 *
 * <p>(camel-sql's {@code JdbcOrphanLockAwareIdempotentRepository} does the same with a SELECT then an INSERT or an
 * UPDATE; under concurrent claims of one message both instances can win, which the cluster test showed.)
 */
final class PostgresClaimRepository extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresClaimRepository.class);

    /** A claim this many max ages old is an orphan: DingTalk stopped redelivering its message long ago. */
    private static final int ORPHAN_AGE_FACTOR = 100;

    private final DataSource dataSource;
    private final String owner;
    private final long maxAgeMillis;
    private final long keepAliveMillis;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService keepAlive;

    PostgresClaimRepository(DataSource dataSource, String owner, long maxAgeMillis, long keepAliveMillis) {
        if (keepAliveMillis >= maxAgeMillis) {
            throw new IllegalArgumentException("the keep-alive interval must be shorter than the claim max age");
        }
        this.dataSource = dataSource;
        this.owner = owner;
        this.maxAgeMillis = maxAgeMillis;
        this.keepAliveMillis = keepAliveMillis;
    }

    @Override
    public boolean add(String key) {
        int claimed = update("INSERT INTO dingtalk_claims (message_key, owner, claimed_at) VALUES (?, ?, clock_timestamp()) "
                + "ON CONFLICT (message_key) DO UPDATE SET owner = EXCLUDED.owner, claimed_at = EXCLUDED.claimed_at "
                + "WHERE dingtalk_claims.claimed_at < clock_timestamp() - make_interval(secs => ?)", key, owner,
                maxAgeMillis / 1000.0);
        if (claimed == 1) {
            held.add(key);
        }
        return claimed == 1;
    }

    @Override
    public boolean contains(String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement sql = c.prepareStatement(
                "SELECT 1 FROM dingtalk_claims WHERE message_key = ? "
                        + "AND claimed_at >= clock_timestamp() - make_interval(secs => ?)")) {
            sql.setString(1, key);
            sql.setDouble(2, maxAgeMillis / 1000.0);
            try (ResultSet rows = sql.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException(e);
        }
    }

    @Override
    public boolean remove(String key) {
        held.remove(key);
        return update("DELETE FROM dingtalk_claims WHERE message_key = ? AND owner = ?", key, owner) == 1;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        held.clear();
        update("DELETE FROM dingtalk_claims WHERE owner = ?", owner);
    }

    @Override
    protected void doStart() {
        keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dingtalk-claims-keep-alive");
            thread.setDaemon(true);
            return thread;
        });
        keepAlive.scheduleWithFixedDelay(this::refresh, keepAliveMillis, keepAliveMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (keepAlive != null) {
            keepAlive.shutdownNow();
        }
    }

    private void refresh() {
        try (Connection c = dataSource.getConnection()) {
            if (!held.isEmpty()) {
                try (PreparedStatement sql = c.prepareStatement("UPDATE dingtalk_claims SET claimed_at = clock_timestamp() "
                        + "WHERE owner = ? AND message_key = ANY (?)")) {
                    sql.setString(1, owner);
                    sql.setArray(2, c.createArrayOf("varchar", held.toArray()));
                    sql.executeUpdate();
                }
            }
            // what a dead instance claimed and nobody took over (its message was done, or never redelivered)
            try (PreparedStatement sql = c.prepareStatement("DELETE FROM dingtalk_claims "
                    + "WHERE claimed_at < clock_timestamp() - make_interval(secs => ?)")) {
                sql.setDouble(1, ORPHAN_AGE_FACTOR * maxAgeMillis / 1000.0);
                sql.executeUpdate();
            }
        } catch (SQLException e) {
            LOG.warn("Could not keep {} claims alive: {}", held.size(), e.getMessage());
        }
    }

    private int update(String statement, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement sql = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                sql.setObject(i + 1, parameters[i]);
            }
            return sql.executeUpdate();
        } catch (SQLException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
