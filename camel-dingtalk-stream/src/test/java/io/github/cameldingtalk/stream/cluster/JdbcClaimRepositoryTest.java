package io.github.cameldingtalk.stream.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.RuntimeCamelException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Claims of several instances in one shared database (H2 here; PostgreSQL in examples/cluster). */
class JdbcClaimRepositoryTest {

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final List<JdbcClaimRepository> started = new ArrayList<>();

    JdbcClaimRepositoryTest() {
        dataSource.setURL("jdbc:h2:mem:claims-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    }

    @AfterEach
    void stop() {
        started.forEach(JdbcClaimRepository::stop);
    }

    private JdbcClaimRepository instance(String owner, long maxAgeMillis, long keepAliveMillis) {
        JdbcClaimRepository repository = new JdbcClaimRepository(dataSource);
        repository.setOwner(owner);
        repository.setMaxAgeMillis(maxAgeMillis);
        repository.setKeepAliveMillis(keepAliveMillis);
        repository.start();
        started.add(repository);
        return repository;
    }

    @Test
    void aClaimIsExclusiveUntilItsOwnerRemovesIt() {
        JdbcClaimRepository a = instance("a", 30_000, 5_000);
        JdbcClaimRepository b = instance("b", 30_000, 5_000);

        assertTrue(a.add("m1"));
        assertFalse(b.add("m1"), "held by a");
        assertFalse(a.add("m1"), "a claim is not won twice, not even by its owner");
        assertTrue(b.contains("m1"));
        assertFalse(b.remove("m1"), "b cannot give up a's claim");
        assertTrue(b.contains("m1"));

        assertTrue(a.remove("m1"));
        assertFalse(b.contains("m1"));
        assertTrue(b.add("m1"));
    }

    @Test
    void aClaimKeptAliveIsNotTakenOverButADeadInstancesIs() {
        JdbcClaimRepository a = instance("a", 600, 100);
        JdbcClaimRepository b = instance("b", 600, 100);
        assertTrue(a.add("m1"));

        // a is alive: for two max ages its claim stays fresh
        await().during(Duration.ofMillis(1_200)).atMost(Duration.ofSeconds(3)).until(() -> !b.add("m1"));

        a.stop(); // a dies: nothing refreshes its claim any more
        await().atMost(Duration.ofSeconds(5)).until(() -> b.add("m1"));
        assertFalse(instance("c", 600, 100).add("m1"), "b holds it now, and keeps it alive");
        assertFalse(a.remove("m1"), "a's late removal does not touch b's claim");
        assertTrue(b.contains("m1"));
    }

    @Test
    void concurrentClaimsOfOneMessageHaveOneWinner() throws Exception {
        int instances = 8;
        int messages = 300;
        List<JdbcClaimRepository> cluster = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            cluster.add(instance("i" + i, 30_000, 5_000));
        }
        ConcurrentHashMap<String, AtomicInteger> winners = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(instances);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (JdbcClaimRepository repository : cluster) {
                runs.add(threads.submit(() -> {
                    go.await();
                    for (int m = 0; m < messages; m++) {
                        if (repository.add("m" + m)) {
                            winners.computeIfAbsent("m" + m, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(messages, winners.size(), "every message claimed");
        assertTrue(winners.values().stream().allMatch(n -> n.get() == 1), "one winner per message: " + winners);
    }

    @Test
    void aDatabaseErrorIsThrownNotTakenForSomeoneElsesClaim() throws SQLException {
        JdbcClaimRepository a = instance("a", 30_000, 5_000);
        try (Connection c = dataSource.getConnection(); Statement sql = c.createStatement()) {
            sql.execute("DROP TABLE DINGTALK_CLAIMS");
        }
        assertThrows(RuntimeCamelException.class, () -> a.add("m1"));
        assertThrows(RuntimeCamelException.class, () -> a.contains("m1"));
    }

    @Test
    void claimsOfInstancesThatDiedLongAgoArePurged() throws Exception {
        JdbcClaimRepository a = instance("a", 30_000, 5_000);
        instance("b", 30_000, 5_000);
        try (Connection c = dataSource.getConnection(); Statement sql = c.createStatement()) {
            // a claim of an instance that died long ago and whose message nobody claimed again
            sql.execute("INSERT INTO DINGTALK_CLAIMS (message_key, owner, claimed_at) VALUES ('old', 'dead', 1)");
        }
        instance("c", 400, 100);
        assertTrue(a.add("fresh"));
        await().atMost(Duration.ofSeconds(5)).until(() -> rows() == 1);
        assertTrue(a.contains("fresh"), "live claims stay");
    }

    @Test
    void startFailsNamingWhatIsWrong() {
        JdbcClaimRepository noDataSource = new JdbcClaimRepository();
        Exception e = assertThrows(RuntimeException.class, noDataSource::start);
        assertTrue(e.getMessage().contains("dataSource"), e.getMessage());

        JdbcClaimRepository slowKeepAlive = new JdbcClaimRepository(dataSource);
        slowKeepAlive.setMaxAgeMillis(1_000);
        slowKeepAlive.setKeepAliveMillis(1_000);
        e = assertThrows(RuntimeException.class, slowKeepAlive::start);
        assertTrue(e.getMessage().contains("keepAliveMillis"), e.getMessage());

        JdbcClaimRepository badTable = new JdbcClaimRepository(dataSource);
        badTable.setTableName("claims; DROP TABLE x");
        e = assertThrows(RuntimeException.class, badTable::start);
        assertTrue(e.getMessage().contains("tableName"), e.getMessage());
    }

    private int rows() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement sql = c.createStatement();
                ResultSet rows = sql.executeQuery("SELECT count(*) FROM DINGTALK_CLAIMS")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
