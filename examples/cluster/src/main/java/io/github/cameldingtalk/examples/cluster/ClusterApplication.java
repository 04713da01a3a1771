package io.github.cameldingtalk.examples.cluster;

import io.github.cameldingtalk.stream.cluster.JdbcClaimRepository;
import javax.sql.DataSource;
import org.apache.camel.main.Main;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * One instance of a DingTalk app that runs several times (replicas, VMs): the same credentials and routes in every
 * instance, and one idempotent repository in PostgreSQL that all of them share. Configured with system properties
 * (or the same names in {@code application.properties}): {@code dingtalk.clientId}, {@code dingtalk.clientSecret},
 * {@code dingtalk.apiUrl} (optional: DingTalk itself when absent), {@code cluster.instance} (a name for the logs and
 * replies), {@code cluster.jdbcUrl}, {@code cluster.jdbcUser}, {@code cluster.jdbcPassword}, {@code cluster.jdbcPoolSize}
 * (10), {@code cluster.claimMaxAgeMillis} (30000) and {@code cluster.claimKeepAliveMillis} (5000).
 */
public final class ClusterApplication {

    /** The repository's name in the table: one per app, the same in every instance. */
    static final String PROCESSOR_NAME = "dingtalk-cluster";

    private ClusterApplication() {
    }

    public static void main(String[] args) throws Exception {
        DataSource dataSource = dataSource(System.getProperty("cluster.jdbcUrl"),
                System.getProperty("cluster.jdbcUser", "dingtalk"), System.getProperty("cluster.jdbcPassword", ""));
        ClusterSchema.create(dataSource);
        JdbcMessageIdRepository ids = new JdbcMessageIdRepository(dataSource, PROCESSOR_NAME);
        // the table is made by ClusterSchema, with the primary key that makes two instances' claims exclusive
        ids.setCreateTableIfNotExists(false);

        String instance = System.getProperty("cluster.instance", "instance");
        Main main = new Main();
        main.bind("dingtalkIds", ids);
        main.bind("dingtalkClaims", claims(dataSource, instance));
        main.configure().addRoutesBuilder(new ClusterRoutes(instance, dataSource));
        main.run(args);
    }

    /**
     * Messages being processed are claimed here: each instance refreshes its claims every keep-alive interval, so a
     * claim older than the max age belongs to an instance that died, and another instance takes it over.
     */
    private static JdbcClaimRepository claims(DataSource dataSource, String instance) {
        JdbcClaimRepository claims = new JdbcClaimRepository(dataSource);
        claims.setTableName("dingtalk_claims");
        claims.setOwner(instance + "-" + ProcessHandle.current().pid());
        claims.setMaxAgeMillis(Long.getLong("cluster.claimMaxAgeMillis", 30_000));
        claims.setKeepAliveMillis(Long.getLong("cluster.claimKeepAliveMillis", 5_000));
        return claims;
    }

    static DataSource dataSource(String url, String user, String password) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("cluster.jdbcUrl is required, e.g. jdbc:postgresql://127.0.0.1:5432/dingtalk");
        }
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setMaximumPoolSize(Integer.getInteger("cluster.jdbcPoolSize", 20));
        // a claim that cannot get a connection in time fails, and the consumer routes the message unchecked (WARN)
        pool.setConnectionTimeout(Long.getLong("cluster.jdbcConnectionTimeoutMillis", 5_000));
        pool.setPoolName("dingtalk-cluster");
        return new HikariDataSource(pool);
    }
}
