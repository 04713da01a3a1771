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
        boolean console = java.util.Arrays.asList(args).contains("--console");
        System.exit(runDemo(System.out, console) ? 0 : 1);
    }

    /** Camel Main with the bot's routes; configuration from application.properties. */
    static Main newMain() {
        Main main = new Main();
        main.configure().addRoutesBuilder(new BotRoutes());
        return main;
    }

    static boolean runDemo(PrintStream out) throws Exception {
        return runDemo(out, false);
    }

    /**
     * The scripted session on the embedded simulator; with {@code console} the bot and the simulator then stay up
     * and the browser console's URL is printed, until Ctrl-C.
     */
    static boolean runDemo(PrintStream out, boolean console) throws Exception {
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
                boolean ok = new ScriptedSession(sim, DEMO_CLIENT_ID, main.getCamelContext().createProducerTemplate(), out)
                        .play();
                if (console) {
                    out.println();
                    out.println("Chat with the bot in your browser: " + sim.consoleUrl() + "   (Ctrl-C stops)");
                    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
                    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
                    stopped.await();
                }
                return ok;
            } finally {
                main.stop();
            }
        }
    }
}
