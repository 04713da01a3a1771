package io.github.cameldingtalk.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dingtalk.open.app.api.GenericEventListener;
import com.dingtalk.open.app.api.OpenDingTalkClient;
import com.dingtalk.open.app.api.OpenDingTalkStreamClientBuilder;
import com.dingtalk.open.app.api.callback.OpenDingTalkCallbackListener;
import com.dingtalk.open.app.api.chatbot.BotReplier;
import com.dingtalk.open.app.api.message.GenericOpenDingTalkEvent;
import com.dingtalk.open.app.api.models.bot.ChatbotMessage;
import com.dingtalk.open.app.api.security.AuthClientCredential;
import com.dingtalk.open.app.stream.protocol.event.EventAckStatus;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official DingTalk Java SDK ({@code com.dingtalk.open:dingtalk-stream}) against the simulator over wss: if
 * the simulator misread the protocol, the official client would disagree here.
 */
class OfficialSdkConformanceTest {

    private static final String CLIENT_ID = "dingofficialsdk";
    private static final String SECRET = "official-secret";
    private static final Map<String, String> SAVED = new ConcurrentHashMap<>();

    private static DingTalkSimulator sim;
    private static OpenDingTalkClient sdk;
    private static final Map<String, Object> received = new ConcurrentHashMap<>();

    @BeforeAll
    static void startSimulatorAndSdk(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        sim = DingTalkSimulator.start(SimulatorOptions.defaults().tls(true).disconnectCloseDelay(Duration.ofSeconds(1)))
                .registerApp(CLIENT_ID, SECRET);
        // the SDK builds its TLS context from the JVM default trust: point that at the simulator's certificate
        Path trustStore = sim.tls().writeTrustStore(Files.createTempFile(dir, "sim", ".p12"), "changeit");
        setProperty("javax.net.ssl.trustStore", trustStore.toString());
        setProperty("javax.net.ssl.trustStorePassword", "changeit");
        setProperty("javax.net.ssl.trustStoreType", "PKCS12");

        OpenDingTalkStreamClientBuilder builder = OpenDingTalkStreamClientBuilder.custom()
                .credential(new AuthClientCredential(CLIENT_ID, SECRET))
                .registerCallbackListener(DingTalkSimulator.BOT_TOPIC, new BotListener())
                .registerCallbackListener(DingTalkSimulator.CARD_TOPIC, new CardListener())
                .registerAllEventListener(new EventListener());
        // the SDK has no public way to choose the API host; its private setter is the only seam
        Method openApiHost = OpenDingTalkStreamClientBuilder.class.getDeclaredMethod("openApiHost", String.class);
        openApiHost.setAccessible(true);
        openApiHost.invoke(builder, sim.apiUrl());
        sdk = builder.build();
        sdk.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> !sim.liveConnections(CLIENT_ID).isEmpty());
    }

    @AfterAll
    static void stop() throws Exception {
        if (sdk != null) {
            sdk.stop();
        }
        if (sim != null) {
            sim.close();
        }
        SAVED.forEach((key, value) -> {
            if (value.isEmpty()) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    @Test
    void theOfficialSdkTalksToTheSimulatorWithoutAViolation() throws Exception {
        OpenRequest open = sim.openRequests().get(0);
        assertEquals(CLIENT_ID, open.clientId());
        assertTrue(open.subscriptions().contains(new OpenRequest.Subscription("EVENT", "*")));
        assertTrue(open.subscriptions().contains(new OpenRequest.Subscription("CALLBACK", DingTalkSimulator.BOT_TOPIC)));
        assertEquals("application/json", open.accept());

        Delivery bot = sim.pushBotMessage(CLIENT_ID, BotMessage.text("你好, SDK").from("staff9", "王五"));
        Ack botAck = bot.awaitAck(Duration.ofSeconds(10));
        assertEquals(200, botAck.code());
        await().atMost(Duration.ofSeconds(10)).until(() -> !sim.botReplies().isEmpty());
        assertEquals("echo: 你好, SDK", sim.botReplies().get(0).text());
        assertEquals(0, sim.botReplies().get(0).errcode());

        Delivery card = sim.pushCardCallback(CLIENT_ID, CardCallback.action("card-7", "agree").param("action", "like"));
        Ack cardAck = card.awaitAck(Duration.ofSeconds(10));
        assertEquals(200, cardAck.code());
        assertEquals("card-7", cardAck.response().at("/cardData/cardParamMap/clicked").asText());

        Delivery event = sim.pushEvent(CLIENT_ID, "chat_update_title", Map.of("title", "新标题"));
        Ack eventAck = event.success().get(10, TimeUnit.SECONDS);
        assertEquals("SUCCESS", eventAck.status());
        assertEquals("chat_update_title", received.get("eventType"));

        Delivery ping = sim.ping(sim.liveConnections(CLIENT_ID).get(0).id());
        Ack pingAck = ping.awaitAck(Duration.ofSeconds(10));
        assertEquals(200, pingAck.code());
        assertEquals(ping.data(), pingAck.data());

        sim.assertNoViolations();
    }

    @Test
    void theOfficialSdkReconnectsAfterDisconnect() throws Exception {
        String old = sim.liveConnections(CLIENT_ID).get(0).id();
        sim.disconnect(old);
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.liveConnections(CLIENT_ID).stream()
                .anyMatch(c -> !c.id().equals(old) && c.state() == ConnectionInfo.State.OPEN));
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.connection(old).orElseThrow().state()
                == ConnectionInfo.State.CLOSED);
        Delivery event = sim.pushEvent(CLIENT_ID, "after_disconnect", Map.of());
        assertEquals("SUCCESS", event.success().get(10, TimeUnit.SECONDS).status());
        sim.assertNoViolations();
    }

    private static void setProperty(String key, String value) {
        SAVED.putIfAbsent(key, System.getProperty(key, ""));
        System.setProperty(key, value);
    }

    static final class BotListener implements OpenDingTalkCallbackListener<ChatbotMessage, Object> {
        @Override
        public Object execute(ChatbotMessage message) {
            try {
                BotReplier.fromWebhook(message.getSessionWebhook()).replyText("echo: " + message.getText().getContent());
            } catch (Exception e) {
                received.put("replyError", e);
            }
            return null;
        }
    }

    static final class CardListener
            implements OpenDingTalkCallbackListener<shade.com.alibaba.fastjson2.JSONObject, Object> {
        @Override
        public Object execute(shade.com.alibaba.fastjson2.JSONObject callback) {
            return Map.of("cardData", Map.of("cardParamMap", Map.of("clicked", callback.getString("outTrackId"))));
        }
    }

    static final class EventListener implements GenericEventListener {
        @Override
        public EventAckStatus onEvent(GenericOpenDingTalkEvent event) {
            received.put("eventType", event.getEventType());
            return EventAckStatus.SUCCESS;
        }
    }
}
