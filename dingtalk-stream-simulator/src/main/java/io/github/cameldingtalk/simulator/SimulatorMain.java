package io.github.cameldingtalk.simulator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar dingtalk-stream-simulator-<version>-app.jar --app id:secret} runs the simulator until Ctrl-C. */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException, java.io.IOException {
        SimulatorOptions options = SimulatorOptions.defaults().pingInterval(Duration.ofSeconds(30)).apiPort(8080);
        Map<String, String> apps = new LinkedHashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help" -> {
                        usage(System.out);
                        return;
                    }
                    case "--tls" -> options.tls(true);
                    case "--host" -> options.host(value(args, ++i, arg));
                    case "--port" -> options.apiPort(Integer.parseInt(value(args, ++i, arg)));
                    case "--gateway-port" -> options.gatewayPort(Integer.parseInt(value(args, ++i, arg)));
                    case "--ping-interval" -> options.pingInterval(duration(value(args, ++i, arg)));
                    case "--ticket-ttl" -> options.ticketTtl(duration(value(args, ++i, arg)));
                    case "--redelivery-timeout" -> options.redeliveryTimeout(duration(value(args, ++i, arg)));
                    case "--later-delay" -> options.laterRedeliveryDelay(duration(value(args, ++i, arg)));
                    case "--max-redeliveries" -> options.maxRedeliveries(Integer.parseInt(value(args, ++i, arg)));
                    case "--disconnect-close-delay" -> options.disconnectCloseDelay(duration(value(args, ++i, arg)));
                    case "--api-qps-limit" -> options.apiQpsLimit(Integer.parseInt(value(args, ++i, arg)));
                    case "--control-token" -> options.controlToken(value(args, ++i, arg));
                    case "--max-records" -> options.maxRecords(Integer.parseInt(value(args, ++i, arg)));
                    case "--duplicate-probability" ->
                            options.duplicateProbability(Double.parseDouble(value(args, ++i, arg)));
                    case "--app" -> {
                        String app = value(args, ++i, arg);
                        int colon = app.indexOf(':');
                        if (colon <= 0) {
                            throw new IllegalArgumentException("--app takes clientId:clientSecret");
                        }
                        apps.put(app.substring(0, colon), app.substring(colon + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        if (apps.isEmpty()) {
            apps.put("dingsimulator", "simulator-secret");
        }
        DingTalkSimulator sim = DingTalkSimulator.start(options);
        apps.forEach(sim::registerApp);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }));
        System.out.println("DingTalk Stream simulator running");
        System.out.println("  open API (use as apiUrl): " + sim.apiUrl());
        System.out.println("  WebSocket gateway:        " + sim.gatewayUrl());
        System.out.println("  browser console:          " + sim.consoleUrl());
        System.out.println("  control API:              " + sim.apiUrl() + DingTalkSimulator.CONTROL_PREFIX + "/state");
        System.out.println("  control token:            " + sim.controlToken() + "   (header X-Sim-Token)");
        System.out.println("  apps:                     " + String.join(", ", apps.keySet()));
        if (sim.tls() != null) {
            java.nio.file.Path pem = java.nio.file.Files.createTempFile("dingtalk-simulator-", ".pem");
            java.nio.file.Files.writeString(pem, sim.tls().certificatePem());
            System.out.println("  TLS certificate (PEM):    " + pem);
        }
        System.out.println("Push a bot message:");
        System.out.println("  curl -s -H 'X-Sim-Token: " + sim.controlToken() + "' -H 'Content-Type: application/json' "
                + sim.apiUrl() + DingTalkSimulator.CONTROL_PREFIX + "/push/bot -d '{\"clientId\":\""
                + apps.keySet().iterator().next() + "\",\"text\":\"hello\"}'");
        System.out.println("Ctrl-C stops it.");
        stopped.await();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    /** Accepts {@code 500ms}, {@code 30s}, {@code 2m}, or an ISO-8601 duration. */
    static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        if (text.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        return Duration.parse(text);
    }

    private static void usage(PrintStream out) {
        out.println("""
                Usage: java -jar dingtalk-stream-simulator-app.jar [options]

                A local DingTalk Stream gateway: the open API, the WebSocket gateway and a control API.

                  --app ID:SECRET              register an app (repeatable; default dingsimulator:simulator-secret)
                  --host HOST                  interface to bind (default 127.0.0.1)
                  --port N                     open API port (default 8080, 0 = any free port)
                  --gateway-port N             WebSocket gateway port (default any free port)
                  --tls                        serve wss:// with a generated self-signed certificate
                  --ping-interval D            SYSTEM ping interval, 0s = off (default 30s)
                  --ticket-ttl D               ticket lifetime (default 90s)
                  --redelivery-timeout D       push again when not acked within D (default 60s)
                  --later-delay D              push an event acked LATER again after D (default 60s)
                  --max-redeliveries N         redeliveries per message at most (default 3)
                  --disconnect-close-delay D   close after SYSTEM disconnect after D (default 10s)
                  --duplicate-probability P    deliver a message twice with probability P (default 0)
                  --api-qps-limit N            OpenAPI calls per second per app and API, then 403 QpsLimit
                                               (default 20, as DingTalk; 0 = no limit)
                  --control-token T            the control API's token (default: random, printed at start)
                  --max-records N              records of each kind kept, oldest dropped (default 10000)
                  -h, --help                   this text

                Durations: 500ms, 30s, 2m or ISO-8601 (PT30S). Control API: GET /_sim/state with the header
                X-Sim-Token (the printed token), JSON bodies; see the README.""");
    }
}
