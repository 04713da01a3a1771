package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.BotMessage;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/**
 * Enterprises reach DingTalk through a proxy: with the component's proxy options (or the JVM's proxy properties) the
 * open call, the Stream WebSocket and the bot's reply all go through it. The simulator is addressed by a name only
 * the proxy resolves, so nothing could have gone around it.
 */
class ProxyTest extends DingTalkStreamTestSupport {

    /** The simulator's open API under a name that resolves nowhere but in the proxy. */
    private String apiUrlBehindProxy() {
        return "http://dingtalk.invalid:" + URI.create(sim().apiUrl()).getPort();
    }

    private void startBot(DingTalkStreamComponent component) throws Exception {
        if (component != null) {
            context.removeComponent("dingtalk-stream");
            context.addComponent("dingtalk-stream", component);
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("dingtalk-stream:bot?clientId=" + CLIENT_ID + "&clientSecret=RAW(" + SECRET + ")&apiUrl="
                        + apiUrlBehindProxy() + "&reconnectInitialDelay=100").routeId("proxied")
                        .setBody(simple("through the proxy: ${body.text}"));
            }
        });
    }

    private void assertAnsweredThrough(LoopbackProxy proxy) {
        awaitConnections(1);
        assertEquals(200, sim().pushBotMessage(CLIENT_ID, BotMessage.text("hi")).awaitAck(TIMEOUT).code());
        await().atMost(TIMEOUT).until(() -> !sim().botReplies().isEmpty());
        assertEquals("through the proxy: hi", sim().botReplies().get(0).text());
        await().atMost(TIMEOUT).until(() -> proxy.seen().contains("POST /robot/sendBySession"));
        List<String> seen = proxy.seen();
        assertTrue(seen.contains("POST /v1.0/gateway/connections/open"), seen.toString());
        assertTrue(seen.contains("GET /connect"), "the Stream WebSocket: " + seen);
    }

    @Test
    void theComponentsProxyOptionsCarryTheStreamConnectionAndTheReply() throws Exception {
        try (LoopbackProxy proxy = new LoopbackProxy(null)) {
            DingTalkStreamComponent component = new DingTalkStreamComponent();
            component.setProxyHost("127.0.0.1");
            component.setProxyPort(proxy.port());
            startBot(component);
            assertAnsweredThrough(proxy);
        }
    }

    @Test
    void aProxyThatAsksForCredentialsGetsThem() throws Exception {
        String user = "proxyuser";
        String password = "proxy-Pa55-never-logged";
        try (LoopbackProxy proxy = new LoopbackProxy(okhttp3.Credentials.basic(user, password))) {
            DingTalkStreamComponent component = new DingTalkStreamComponent();
            component.setProxyHost("127.0.0.1");
            component.setProxyPort(proxy.port());
            component.setProxyType("HTTP");
            component.setProxyUsername(user);
            component.setProxyPassword(password);
            startBot(component);
            assertAnsweredThrough(proxy);
            assertTrue(proxy.refused() >= 1, "the proxy asked (407) and the client answered");
            assertEquals(List.of(), CapturedLogs.linesContaining(password), "the proxy password in a log line");
        }
    }

    @Test
    void withoutProxyOptionsTheJvmsProxyPropertiesApply() throws Exception {
        try (LoopbackProxy proxy = new LoopbackProxy(null)) {
            // the default nonProxyHosts bypasses loopback
            withSystemProperties(Map.of("http.proxyHost", "127.0.0.1", "http.proxyPort", String.valueOf(proxy.port()),
                    "http.nonProxyHosts", "nothing.invalid"), () -> {
                startBot(null);
                awaitConnections(1);
                // the name only the proxy resolves: the open call went through it (the JVM's selector never proxies
                // loopback addresses, where the simulator's WebSocket and webhooks are, so only this call is its)
                assertTrue(proxy.seen().contains("POST /v1.0/gateway/connections/open"), proxy.seen().toString());
                context.getRouteController().stopRoute("proxied");
            });
        }
    }

    @Test
    void aWrongProxyOptionFailsTheStartNamingIt() {
        DingTalkStreamComponent component = new DingTalkStreamComponent();
        component.setProxyHost("proxy.example");
        component.setProxyType("SOCKS");
        component.setProxyPort(1080);
        component.setProxyUsername("user");
        context.removeComponent("dingtalk-stream");
        Exception failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> context.addComponent("dingtalk-stream", component));
        assertTrue(failure.getMessage().contains("proxyUsername"), failure.getMessage());
    }

    @Test
    void overTlsTheStreamConnectionGoesThroughAConnectTunnel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (LoopbackProxy proxy = new LoopbackProxy(null);
                io.github.cameldingtalk.simulator.DingTalkSimulator tls = io.github.cameldingtalk.simulator
                        .DingTalkSimulator.start(io.github.cameldingtalk.simulator.SimulatorOptions.defaults()
                                .tls(true))) {
            tls.registerApp(CLIENT_ID, SECRET);
            // the component's own client trusts what the JVM trusts: here the simulator's generated certificate
            String trustStore = tls.tls().writeTrustStore(dir.resolve("trust.p12"), "changeit").toString();
            withSystemProperties(Map.of("javax.net.ssl.trustStore", trustStore, "javax.net.ssl.trustStorePassword",
                    "changeit", "javax.net.ssl.trustStoreType", "PKCS12"), () -> {
                DingTalkStreamComponent component = new DingTalkStreamComponent();
                component.setProxyHost("127.0.0.1");
                component.setProxyPort(proxy.port());
                context.removeComponent("dingtalk-stream");
                context.addComponent("dingtalk-stream", component);
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("dingtalk-stream:bot?clientId=" + CLIENT_ID + "&clientSecret=RAW(" + SECRET + ")&apiUrl="
                                + tls.apiUrl()).routeId("proxied-tls").setBody(simple("over TLS: ${body.text}"));
                    }
                });
                await().atMost(TIMEOUT).until(() -> !tls.liveConnections(CLIENT_ID).isEmpty());
                assertEquals(200, tls.pushBotMessage(CLIENT_ID, BotMessage.text("hi")).awaitAck(TIMEOUT).code());
                await().atMost(TIMEOUT).until(() -> !tls.botReplies().isEmpty());
                assertEquals("over TLS: hi", tls.botReplies().get(0).text());
                String gateway = URI.create(tls.gatewayUrl()).getHost() + ":" + URI.create(tls.gatewayUrl()).getPort();
                assertTrue(proxy.seen().contains("CONNECT " + gateway), "the wss connection tunnelled: "
                        + proxy.seen());
                context.getRouteController().stopRoute("proxied-tls");
            });
        }
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    /** Runs the body with these JVM properties, and puts the earlier values back whatever happens. */
    private static void withSystemProperties(Map<String, String> values, Body body) throws Exception {
        Map<String, String> before = new java.util.HashMap<>();
        values.keySet().forEach(name -> before.put(name, System.getProperty(name)));
        values.forEach(System::setProperty);
        try {
            body.run();
        } finally {
            before.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }
}
