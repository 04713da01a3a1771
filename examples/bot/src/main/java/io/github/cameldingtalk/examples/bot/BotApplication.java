package io.github.cameldingtalk.examples.bot;

import io.github.cameldingtalk.simulator.DingTalkSimulator;
import io.github.cameldingtalk.simulator.SimulatorOptions;
import java.io.PrintStream;
import java.time.Duration;
import org.apache.camel.main.Main;

/**
 * Runs the bot. With {@code DINGTALK_CLIENT_ID} and {@code DINGTALK_CLIENT_SECRET} set it connects to DingTalk and
 * runs until Ctrl-C; without them it plays a scripted session against an embedded DingTalk simulator, prints the
 * transcript and exits 0 when every reply and ack arrived.
 */
public final class BotApplication {

    static final String DEMO_CLIENT_ID = "dingdemobot";
    static final String DEMO_CLIENT_SECRET = "demo-secret-not-a-real-one";

    private BotApplication() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getenv("DINGTALK_CLIENT_ID") != null && System.getenv("DINGTALK_CLIENT_SECRET") != null) {
            System.out.println("Connecting to DingTalk as " + System.getenv("DINGTALK_CLIENT_ID") + "; Ctrl-C stops.");
            Main main = newMain();
            main.run();
            return;
        }
        System.exit(runDemo(System.out) ? 0 : 1);
    }

    /** Camel Main with the bot's routes; configuration from application.properties. */
    static Main newMain() {
        Main main = new Main();
        main.configure().addRoutesBuilder(new BotRoutes());
        return main;
    }

    /** The scripted session on the embedded simulator. */
    static boolean runDemo(PrintStream out) throws Exception {
        out.println("No DINGTALK_CLIENT_ID / DINGTALK_CLIENT_SECRET: running against an embedded DingTalk simulator.");
        try (DingTalkSimulator sim = DingTalkSimulator.start(SimulatorOptions.defaults()
                .disconnectCloseDelay(Duration.ofSeconds(3)))) {
            sim.registerApp(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
            Main main = newMain();
            main.addOverrideProperty("camel.component.dingtalk-stream.api-url", sim.apiUrl());
            main.addOverrideProperty("camel.component.dingtalk-stream.oapi-url", sim.apiUrl());
            main.addOverrideProperty("camel.component.dingtalk-stream.client-id", DEMO_CLIENT_ID);
            main.addOverrideProperty("camel.component.dingtalk-stream.client-secret", DEMO_CLIENT_SECRET);
            main.start();
            try {
                return new ScriptedSession(sim, DEMO_CLIENT_ID, main.getCamelContext().createProducerTemplate(), out)
                        .play();
            } finally {
                main.stop();
            }
        }
    }
}
