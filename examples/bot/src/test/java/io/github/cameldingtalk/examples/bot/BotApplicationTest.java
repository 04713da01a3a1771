package io.github.cameldingtalk.examples.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import io.github.cameldingtalk.stream.DingTalkStreamComponent;
import io.github.cameldingtalk.stream.DingTalkStreamConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

class BotApplicationTest {

    @Test
    void theScriptedSessionEndsWithEveryReplyAndAck() throws Exception {
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        boolean ok = BotApplication.runDemo(new PrintStream(transcript, true, StandardCharsets.UTF_8));
        String text = transcript.toString(StandardCharsets.UTF_8);
        assertTrue(ok, text);
        assertTrue(text.contains("bot → 张三: You said: 你好，钉钉机器人！"), text);
        assertTrue(text.contains("(markdown \"What I can do\")"), text);
        assertTrue(text.contains("@lisi you said: 今天几点开会？"), text);
        assertTrue(text.contains("bot → 王五: (card “请假申请”, status 待审批)"), text);
        assertTrue(text.contains("status=“approved by wangwu”"), text);
        assertTrue(text.contains("(file weekly-report.txt, 44 bytes, uploaded then sent)"), text);
        assertTrue(text.contains("(AI card, "), text);
        assertTrue(text.contains("(markdown “Announcement”, sent through the robot OpenAPI)"), text);
        assertTrue(text.contains("acked SUCCESS"), text);
        assertTrue(text.contains("make-before-break"), text);
        assertTrue(text.contains("Summary: 10 messages, 10 replies, 11 acks, 0 protocol violations, 0 problems"), text);
    }

    @Test
    void camelMainConfiguresTheComponentFromApplicationProperties() throws Exception {
        try (DingTalkSimulator sim = DingTalkSimulator.start().registerApp("dingprops", "props-secret")) {
            Main main = BotApplication.newMain();
            main.addOverrideProperty("camel.component.dingtalk-stream.api-url", sim.apiUrl());
            main.addOverrideProperty("camel.component.dingtalk-stream.client-id", "dingprops");
            main.addOverrideProperty("camel.component.dingtalk-stream.client-secret", "props-secret");
            main.start();
            try {
                DingTalkStreamConfiguration configuration = main.getCamelContext()
                        .getComponent("dingtalk-stream", DingTalkStreamComponent.class).getConfiguration();
                assertEquals("dingprops", configuration.getClientId());
                assertEquals(sim.apiUrl(), configuration.getApiUrl());
                assertEquals(32, configuration.getMaxConcurrency(), "from application.properties");
                assertEquals(200, sim.pushBotMessage("dingprops", BotMessage.text("hi")).awaitAck(Duration.ofSeconds(10))
                        .code());
            } finally {
                main.stop();
            }
            sim.assertNoViolations();
        }
    }
}
