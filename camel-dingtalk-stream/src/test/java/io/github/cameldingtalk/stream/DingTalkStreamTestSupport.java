package io.github.cameldingtalk.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cameldingtalk.simulator.DingTalkSimulator;
import io.github.cameldingtalk.simulator.DingTalkSimulatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base of the component tests: a simulator with one app, a Camel context per test, zero protocol violations after
 * each test, and no secret in any log line of the class.
 */
abstract class DingTalkStreamTestSupport extends CamelTestSupport {

    static final String CLIENT_ID = "dingcameltest";
    static final String SECRET = "s3cr3t-Never-Log-Me-4242";
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static {
        CapturedLogs.install();
    }

    @RegisterExtension
    static DingTalkSimulatorExtension dingtalk = DingTalkSimulatorExtension.withApp(CLIENT_ID, SECRET)
            .options(o -> o.redeliveryTimeout(Duration.ofSeconds(2)).laterRedeliveryDelay(Duration.ofSeconds(1))
                    .maxRedeliveries(5).disconnectCloseDelay(Duration.ofSeconds(5)));

    /** Collects what reaches the consumer's exception handler (set with {@code exceptionHandler=#recorder}). */
    final RecordingExceptionHandler recorder = new RecordingExceptionHandler();

    DingTalkSimulator sim() {
        return dingtalk.simulator();
    }

    /** The endpoint URI for a topic, with fast reconnects for tests. */
    String uri(String topic, String extra) {
        return "dingtalk-stream:" + topic + "?clientId=" + CLIENT_ID + "&clientSecret=RAW(" + SECRET + ")&apiUrl="
                + sim().apiUrl() + "&reconnectInitialDelay=100&reconnectMaxDelay=1000&exceptionHandler=#recorder"
                + (extra == null || extra.isEmpty() ? "" : "&" + extra);
    }

    String uri(String topic) {
        return uri(topic, null);
    }

    /** {@code exceptionHandler=#recorder}, and {@code idempotentRepository=#memory} for the tests that use one. */
    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) throws Exception {
        registry.bind("recorder", recorder);
        registry.bind("memory",
                org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository.memoryIdempotentRepository(1000));
    }

    /** Waits until the app has one connection, open and subscribed to this many topics, and no other. */
    void awaitSubscriptions(int topics) {
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> {
            var live = sim().liveConnections(CLIENT_ID);
            return live.size() == 1 && live.get(0).state() == io.github.cameldingtalk.simulator.ConnectionInfo.State.OPEN
                    && live.get(0).subscriptions().size() == topics;
        });
    }

    /** Waits until the app has this many open connections. */
    void awaitConnections(int count) {
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> sim().liveConnections(CLIENT_ID).stream()
                .filter(c -> c.state() == io.github.cameldingtalk.simulator.ConnectionInfo.State.OPEN).count() == count);
    }

    /** The route's consumer health, read the way Camel's health endpoints read it. */
    org.apache.camel.health.HealthCheck.Result health(String routeId) {
        org.apache.camel.impl.health.ConsumersHealthCheckRepository repository =
                new org.apache.camel.impl.health.ConsumersHealthCheckRepository();
        repository.setCamelContext(context);
        return repository.stream().filter(check -> check.getId().equals("consumer:" + routeId)).findFirst()
                .orElseThrow(() -> new AssertionError("no health check for route " + routeId)).call();
    }

    @AfterEach
    void noProtocolViolations() {
        sim().assertNoViolations();
    }

    @AfterAll
    static void secretsNeverLogged() {
        assertEquals(List.of(), CapturedLogs.linesContaining(SECRET), "log lines with the client secret");
        // the WebSocket URL carries the ticket, a sessionWebhook URL its session id
        assertEquals(List.of(), CapturedLogs.linesContaining("ticket="), "log lines with a ticket");
        assertEquals(List.of(), CapturedLogs.linesContaining("session="), "log lines with a sessionWebhook");
    }

    /** A route step that holds every exchange until {@link #release} counts down: the slow work under test. */
    static final class Hold implements org.apache.camel.Processor {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger inRoute = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void process(Exchange exchange) throws Exception {
            inRoute.incrementAndGet();
            release.await(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    static final class RecordingExceptionHandler implements ExceptionHandler {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        @Override
        public void handleException(Throwable exception) {
            errors.add(exception);
        }

        @Override
        public void handleException(String message, Throwable exception) {
            errors.add(exception);
        }

        @Override
        public void handleException(String message, Exchange exchange, Throwable exception) {
            errors.add(exception);
        }
    }
}
