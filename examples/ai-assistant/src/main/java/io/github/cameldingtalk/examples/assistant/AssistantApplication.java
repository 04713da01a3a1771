package io.github.cameldingtalk.examples.assistant;

import io.github.cameldingtalk.simulator.DingTalkSimulator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.main.Main;

/**
 * Runs the assistant. The model: any OpenAI-compatible endpoint from {@code AI_BASE_URL}, {@code AI_MODEL} and
 * {@code AI_API_KEY}; without {@code AI_BASE_URL} a built-in stub model on loopback answers (no network). DingTalk:
 * with {@code DINGTALK_CLIENT_ID} and {@code DINGTALK_CLIENT_SECRET} the real one, until Ctrl-C; without them an
 * embedded simulator and a short scripted chat (exit 0 when every answer came whole), and with {@code --console} the
 * simulator's browser console to chat in, until Ctrl-C.
 */
public final class AssistantApplication {

    static final String DEMO_CLIENT_ID = "dingassistant";
    static final String DEMO_CLIENT_SECRET = "demo-secret-not-a-real-one";

    private AssistantApplication() {
    }

    public static void main(String[] args) throws Exception {
        boolean console = Arrays.asList(args).contains("--console");
        try (OpenAiStub stub = isBlank(System.getenv("AI_BASE_URL")) ? new OpenAiStub(Duration.ofMillis(40)) : null) {
            if (stub != null) {
                System.out.println("No AI_BASE_URL: answering with the built-in stub model at " + stub.baseUrl()
                        + " (no network; set AI_BASE_URL, AI_MODEL and AI_API_KEY for a real model).");
            }
            if (!isBlank(System.getenv("DINGTALK_CLIENT_ID")) && !isBlank(System.getenv("DINGTALK_CLIENT_SECRET"))) {
                System.out.println("Connecting to DingTalk as " + System.getenv("DINGTALK_CLIENT_ID") + "; Ctrl-C stops.");
                newMain(stub).run();
                return;
            }
            boolean ok = runDemo(System.out, console, stub);
            if (!ok) {
                System.exit(1);
            }
        }
    }

    /** Camel Main with the assistant's route; with a stub, the model settings point at it. */
    static Main newMain(OpenAiStub stub) {
        Main main = new Main();
        main.configure().addRoutesBuilder(new AssistantRoutes());
        if (stub != null) {
            main.addOverrideProperty("assistant.baseUrl", stub.baseUrl());
            main.addOverrideProperty("assistant.model", "stub");
            main.addOverrideProperty("assistant.apiKey", "none");
        }
        return main;
    }

    /** The embedded DingTalk, the scripted chat, and with {@code console} the browser console until Ctrl-C. */
    static boolean runDemo(PrintStream out, boolean console, OpenAiStub stub) throws Exception {
        out.println("No DINGTALK_CLIENT_ID / DINGTALK_CLIENT_SECRET: running against an embedded DingTalk simulator.");
        try (DingTalkSimulator sim = DingTalkSimulator.start()) {
            sim.registerApp(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
            Main main = newMain(stub);
            main.addOverrideProperty("camel.component.dingtalk-stream.api-url", sim.apiUrl());
            main.addOverrideProperty("camel.component.dingtalk-stream.client-id", DEMO_CLIENT_ID);
            main.addOverrideProperty("camel.component.dingtalk-stream.client-secret", DEMO_CLIENT_SECRET);
            main.start();
            try {
                boolean ok = new DemoChat(sim, DEMO_CLIENT_ID, out).play();
                if (console) {
                    out.println();
                    out.println("Chat with the assistant in your browser: " + sim.consoleUrl() + "   (Ctrl-C stops)");
                    out.println("It remembers each chat (/reset forgets); messages typed within 1.5 s become one"
                            + " question.");
                    CountDownLatch stopped = new CountDownLatch(1);
                    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
                    stopped.await();
                }
                return ok;
            } finally {
                main.stop();
            }
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
