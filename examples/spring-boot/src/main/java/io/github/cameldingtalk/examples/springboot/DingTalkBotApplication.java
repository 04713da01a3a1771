package io.github.cameldingtalk.examples.springboot;

import io.github.cameldingtalk.simulator.DingTalkSimulator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The bot on Spring Boot. With {@code DINGTALK_CLIENT_ID} and {@code DINGTALK_CLIENT_SECRET} set it connects to
 * DingTalk; without them it starts an embedded DingTalk simulator and connects to that (its browser console's URL is
 * printed, to chat with the bot). Health: {@code /actuator/health}.
 */
@SpringBootApplication
public class DingTalkBotApplication {

    static final String DEMO_CLIENT_ID = "dingspringbot";
    static final String DEMO_CLIENT_SECRET = "demo-secret-not-a-real-one";

    public static void main(String[] args) {
        if (System.getenv("DINGTALK_CLIENT_ID") == null || System.getenv("DINGTALK_CLIENT_SECRET") == null) {
            DingTalkSimulator sim = DingTalkSimulator.start().registerApp(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
            System.setProperty("camel.component.dingtalk-stream.api-url", sim.apiUrl());
            System.setProperty("camel.component.dingtalk-stream.oapi-url", sim.apiUrl());
            System.setProperty("camel.component.dingtalk-stream.client-id", DEMO_CLIENT_ID);
            System.setProperty("camel.component.dingtalk-stream.client-secret", DEMO_CLIENT_SECRET);
            System.out.println("No DINGTALK_CLIENT_ID / DINGTALK_CLIENT_SECRET: using an embedded DingTalk simulator."
                    + " Chat with the bot at " + sim.consoleUrl());
        }
        SpringApplication.run(DingTalkBotApplication.class, args);
    }
}
