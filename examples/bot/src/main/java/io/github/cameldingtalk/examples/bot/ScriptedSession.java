package io.github.cameldingtalk.examples.bot;

import io.github.cameldingtalk.simulator.Ack;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.BotReply;
import io.github.cameldingtalk.simulator.CardCallback;
import io.github.cameldingtalk.simulator.ConnectionInfo;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import io.github.cameldingtalk.simulator.Delivery;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.camel.ProducerTemplate;

/**
 * A short conversation with the bot, played by the simulator: 1:1 and group messages, a card sent and clicked, a
 * file made and sent, an AI answer streamed into a card, a proactive announcement, an event, and DingTalk's periodic
 * {@code disconnect} half-way. Prints who said what, what the bot answered and what was acked.
 */
final class ScriptedSession {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The one group of the script: its messages, its announcement and the console's own group are one conversation. */
    private static final String GROUP = "cid研发群==";

    private final DingTalkSimulator sim;
    private final String clientId;
    private final ProducerTemplate camel;
    private final PrintStream out;
    private int messages;
    private int replies;
    private int acks;
    private int problems;

    ScriptedSession(DingTalkSimulator sim, String clientId, ProducerTemplate camel, PrintStream out) {
        this.sim = sim;
        this.clientId = clientId;
        this.camel = camel;
        this.out = out;
    }

    boolean play() throws Exception {
        Instant start = Instant.now();
        if (!waitFor(() -> sim.liveConnections(clientId).stream()
                .anyMatch(c -> c.state() == ConnectionInfo.State.OPEN && c.subscriptions().size() == 3))) {
            out.println("The bot did not connect within " + WAIT.toSeconds() + " s.");
            return false;
        }
        String first = sim.liveConnections(clientId).get(0).id();
        out.printf("[%-12s] bot connected (connection %s, topics: bot, card, events)%n", "stream", shortId(first));
        out.println();

        chat(BotMessage.text("你好，钉钉机器人！").from("zhangsan", "张三"), "1:1");
        chat(BotMessage.text("help").from("zhangsan", "张三"), "1:1");
        chat(BotMessage.text("今天几点开会？").inGroup("研发群").conversationId(GROUP).from("lisi", "李四"), "group 研发群");
        chat(BotMessage.picture().inGroup("研发群").conversationId(GROUP).from("lisi", "李四"), "group 研发群");
        chat(BotMessage.file("季度报告.pdf").from("zhangsan", "张三"), "1:1");
        String leaveCard = leaveCard(BotMessage.text("leave").from("wangwu", "王五"), "1:1");
        card(leaveCard);
        report(BotMessage.text("report").inGroup("研发群").conversationId(GROUP).from("lisi", "李四"), "group 研发群");
        aiAnswer(BotMessage.text("ai what is Apache Camel?").from("zhangsan", "张三"), "1:1");
        announce(GROUP);
        event();
        disconnect(first);
        chat(BotMessage.text("你还在吗？").from("zhangsan", "张三"), "1:1");

        int violations = sim.violations().size();
        boolean ok = problems == 0 && violations == 0 && replies == messages;
        out.println();
        out.printf("Summary: %d messages, %d replies, %d acks, %d protocol violations, %d problems in %d ms — %s%n",
                messages, replies, acks, violations, problems, Duration.between(start, Instant.now()).toMillis(),
                ok ? "OK" : "FAILED");
        return ok;
    }

    private void chat(BotMessage message, String where) throws Exception {
        messages++;
        String said = describe(message);
        out.printf("[%-12s] %s: %s%n", where, nick(message), said);
        int before = sim.botReplies().size();
        Delivery delivery = sim.pushBotMessage(clientId, message);
        Ack ack = awaitAck(delivery);
        if (ack == null) {
            return;
        }
        if (!waitFor(() -> sim.botReplies().size() > before)) {
            problems++;
            out.println("             !! no reply within " + WAIT.toSeconds() + " s");
            return;
        }
        BotReply reply = sim.botReplies().get(before);
        replies++;
        String text = "markdown".equals(reply.msgtype())
                ? "(markdown \"" + reply.body().at("/markdown/title").asText() + "\") "
                        + reply.text().lines().findFirst().orElse("") + " …"
                : reply.text();
        out.printf("[%-12s] bot → %s: %s   (ack %d, %d ms)%n", where, nick(message), text, ack.code(),
                ack.latency().toMillis());
        if (!reply.accepted()) {
            problems++;
            out.println("             !! DingTalk refused the reply: errcode " + reply.errcode());
        }
    }

    /** Asks for a leave-request card; returns its outTrackId. */
    private String leaveCard(BotMessage message, String where) {
        String card = answeredOtherwise(message, where, "/v1.0/card/instances/createAndDeliver");
        if (card == null) {
            return "none";
        }
        String outTrackId = sim.apiCalls("/v1.0/card/instances/createAndDeliver").get(0).body().get("outTrackId")
                .asText();
        out.printf("[%-12s] bot → %s: (card “%s”, status %s)%n", where, nick(message),
                sim.cardData(outTrackId).orElseThrow().get("title").asText(),
                sim.cardData(outTrackId).orElseThrow().get("status").asText());
        return outTrackId;
    }

    private void card(String outTrackId) throws Exception {
        out.printf("[%-12s] 王五 clicks “approve” on the leave request card%n", "card");
        Delivery delivery = sim.pushCardCallback(clientId,
                CardCallback.action(outTrackId, "approve_button").param("action", "approved").user("wangwu"));
        Ack ack = awaitAck(delivery);
        if (ack != null) {
            out.printf("[%-12s] the card now shows status=“%s” (ack %d, %d ms)%n", "card",
                    ack.response().at("/cardData/cardParamMap/status").asText(), ack.code(), ack.latency().toMillis());
        }
    }

    private void report(BotMessage message, String where) {
        if (answeredOtherwise(message, where, "/v1.0/robot/groupMessages/send") == null) {
            return;
        }
        String mediaId = sim.apiCalls("/v1.0/robot/groupMessages/send").get(0).body().get("msgParam").asText()
                .replaceAll(".*\"mediaId\":\"([^\"]+)\".*", "$1");
        sim.uploadedMedia(mediaId).ifPresentOrElse(
                file -> out.printf("[%-12s] bot → %s: (file %s, %d bytes, uploaded then sent)%n", where, nick(message),
                        file.fileName(), file.content().length),
                () -> problem("the file message names no uploaded file"));
    }

    private void aiAnswer(BotMessage message, String where) {
        if (answeredOtherwise(message, where, "/v1.0/card/instances/createAndDeliver", 2) == null) {
            return;
        }
        String card = sim.apiCalls("/v1.0/card/instances/createAndDeliver").get(1).body().get("outTrackId").asText();
        if (!waitFor(() -> "FINISHED".equals(sim.cardState(card).orElse("")))) {
            problem("the AI card did not finish");
            return;
        }
        String text = sim.cardData(card).orElseThrow().get("msgContent").asText();
        out.printf("[%-12s] bot → %s: (AI card, %d updates) %s%n", where, nick(message), sim.cardStream(card).size(),
                text.length() > 60 ? text.substring(0, 60) + "…" : text);
    }

    private void announce(String conversationId) {
        messages++;
        out.printf("[%-12s] the bot talks first: an announcement to group %s%n", "proactive", conversationId);
        camel.sendBodyAndHeader("direct:announce", "Release **1.0** is out", "CamelDingTalkStreamOpenConversationId",
                conversationId);
        if (!waitFor(() -> sim.apiCalls("/v1.0/robot/groupMessages/send").size() == 2)) {
            problem("no announcement");
            return;
        }
        replies++;
        String param = sim.apiCalls("/v1.0/robot/groupMessages/send").get(1).body().get("msgParam").asText();
        out.printf("[%-12s] bot → group: (markdown “%s”, sent through the robot OpenAPI)%n", "proactive",
                param.replaceAll(".*\"title\":\"([^\"]+)\".*", "$1"));
    }

    /** A message the bot answers through the OpenAPI instead of the chat reply; null when no answer came. */
    private String answeredOtherwise(BotMessage message, String where, String apiPath) {
        return answeredOtherwise(message, where, apiPath, 1);
    }

    private String answeredOtherwise(BotMessage message, String where, String apiPath, int expectedCalls) {
        messages++;
        out.printf("[%-12s] %s: %s%n", where, nick(message), describe(message));
        Ack ack = awaitAck(sim.pushBotMessage(clientId, message));
        if (ack == null) {
            return null;
        }
        if (!waitFor(() -> sim.apiCalls(apiPath).size() >= expectedCalls)) {
            problem("no answer through " + apiPath);
            return null;
        }
        replies++;
        return apiPath;
    }

    private void problem(String what) {
        problems++;
        out.println("             !! " + what);
    }

    private void event() throws Exception {
        out.printf("[%-12s] user_add_org: 赵六 joined the organisation%n", "event");
        Delivery delivery = sim.pushEvent(clientId, "user_add_org", Map.of("userId", List.of("zhaoliu")));
        Ack ack = awaitAck(delivery);
        if (ack != null) {
            out.printf("[%-12s] acked %s (%d ms)%n", "event", ack.status(), ack.latency().toMillis());
        }
    }

    private void disconnect(String connectionId) {
        out.printf("[%-12s] DingTalk sends disconnect to connection %s (periodic rebalancing)%n", "stream",
                shortId(connectionId));
        sim.disconnect(connectionId);
        boolean replaced = waitFor(() -> sim.liveConnections(clientId).stream()
                .anyMatch(c -> !c.id().equals(connectionId) && c.state() == ConnectionInfo.State.OPEN));
        boolean closed = waitFor(() -> sim.connection(connectionId).orElseThrow().state() == ConnectionInfo.State.CLOSED);
        if (!replaced || !closed) {
            problems++;
            out.println("             !! the bot did not reconnect");
            return;
        }
        ConnectionInfo old = sim.connection(connectionId).orElseThrow();
        ConnectionInfo now = sim.liveConnections(clientId).get(0);
        out.printf("[%-12s] bot opened connection %s first, then closed %s (%s)%n", "stream", shortId(now.id()),
                shortId(old.id()), now.openedAt().isAfter(old.closedAt()) ? "break-before-make!" : "make-before-break");
    }

    private Ack awaitAck(Delivery delivery) {
        try {
            Ack ack = delivery.ack().get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            acks++;
            if (ack.code() != 200 || "LATER".equals(ack.status())) {
                problems++;
                out.println("             !! acked " + ack.code() + " " + ack.data());
            }
            return ack;
        } catch (Exception e) {
            problems++;
            out.println("             !! no ack within " + WAIT.toSeconds() + " s");
            return null;
        }
    }

    private boolean waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    private static String describe(BotMessage message) {
        return "text".equals(message.msgtype()) ? message.text() : "(sends a " + message.msgtype() + ")";
    }

    private static String nick(BotMessage message) {
        return message.senderNick();
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
