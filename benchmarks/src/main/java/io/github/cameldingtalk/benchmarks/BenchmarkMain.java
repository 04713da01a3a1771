package io.github.cameldingtalk.benchmarks;

import io.github.cameldingtalk.simulator.ConnectionInfo;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.simulator.LoadResult;
import io.github.cameldingtalk.simulator.SimulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs every scenario for every client, each client in its own JVM, against one simulator per run, and writes
 * results.json, results.md and results.png.
 *
 * <pre>java -jar benchmarks.jar [--quick] [--scenarios cold-burst,saturation,fixed-rate,slow-route,handover,footprint,reply-throughput]
 *     [--clients null,null-ws,raw-okhttp,official-sdk,component,component-ws,component-cds,component-c1] [--out DIR]
 *     [--client-flags "-XX:TieredStopAtLevel=1 …"]   (added to every client JVM's command line)
 *     [--saturation-events N]                         (a longer saturation, e.g. to profile a client)
 * java -jar benchmarks.jar --render DIR/results.json     (table and chart again from saved results)</pre>
 */
public final class BenchmarkMain {

    /**
     * A client, the transport it is measured on, and JVM flags of its own ({@code label} names it in the results).
     * {@code component-cds} runs with an AppCDS archive made by a training run of the component earlier in the same
     * run; {@code component-c1} with the C1 compiler only.
     */
    record Variant(String id, String client, boolean tls, String label, List<String> flags) {
        Variant(String id, String client, boolean tls) {
            this(id, client, tls, client, List.of());
        }

        String transport() {
            return tls ? "wss" : "ws";
        }
    }

    static final Path CDS_ARCHIVE = Path.of(System.getProperty("java.io.tmpdir"), "dingtalk-bench-component.jsa");

    static final List<Variant> VARIANTS = List.of(new Variant("null", "null", true), new Variant("null-ws", "null", false),
            new Variant("raw-okhttp", "raw-okhttp", true),
            new Variant("official-sdk", "official-sdk", true), new Variant("component", "component", true),
            new Variant("component-ws", "component", false),
            new Variant("component-cds", "component", true, "component+cds",
                    List.of("-XX:SharedArchiveFile=" + CDS_ARCHIVE, "-Xshare:auto")),
            new Variant("component-c1", "component", true, "component+c1", List.of("-XX:TieredStopAtLevel=1")));
    static final List<String> SCENARIOS = List.of("cold-burst", "saturation", "fixed-rate", "slow-route", "handover",
            "footprint", "reply-throughput", "ai-streams");

    /** How long the simulator holds each reply post in reply-throughput: DingTalk is typically 30–100 ms away. */
    static final Duration REPLY_TIME = Duration.ofMillis(50);
    /** Bot messages pushed and not yet acked at most in reply-throughput (below the default backlog). */
    static final int REPLY_WINDOW = 500;

    private static final String SECRET = "bench-secret";

    private final Scenarios.Sizes sizes;
    private final List<Result> results = new ArrayList<>();
    private final Map<String, Integer> connectionsOpened = new LinkedHashMap<>();
    /** The ai-streams table, when that scenario ran. */
    private String aiStreamsTable;
    private int runs;

    private BenchmarkMain(Scenarios.Sizes sizes) {
        this.sizes = sizes;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        boolean quick = false;
        int saturationEvents = 0;
        Set<String> scenarios = Set.copyOf(SCENARIOS);
        Set<String> clients = Set.of("null", "null-ws", "raw-okhttp", "official-sdk", "component", "component-ws",
                "component-cds", "component-c1");
        Path out = Path.of("benchmarks", "target");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--saturation-events" -> saturationEvents = Integer.parseInt(args[++i]);
                case "--scenarios" -> scenarios = Set.of(args[++i].split(","));
                case "--clients" -> clients = Set.of(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]);
                case "--client-flags" -> ClientProcess.extraFlags = List.of(args[++i].trim().split("\\s+"));
                case "--render" -> {
                    Path json = Path.of(args[++i]);
                    Report.render(json, json.getParent() == null ? Path.of(".") : json.getParent());
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Scenarios.Sizes sizes = quick ? Scenarios.Sizes.quick() : Scenarios.Sizes.defaults();
        BenchmarkMain main = new BenchmarkMain(saturationEvents > 0 ? sizes.withSaturationEvents(saturationEvents) : sizes);
        long start = System.nanoTime();
        if (scenarios.contains("cold-burst")) {
            // the clients' cold start is measured, not the generator's: its JVM runs a load first
            System.out.println("warming the generator (null client, saturation, wss and ws; not reported)");
            main.run(new Variant("null", "null", true), "saturation", false);
            main.run(new Variant("null-ws", "null", false), "saturation", false);
        }
        if (clients.contains("component-cds") && scenarios.contains("cold-burst")) {
            System.out.println("training the component's AppCDS archive (one cold burst; not reported)");
            Files.deleteIfExists(CDS_ARCHIVE);
            main.run(new Variant("component", "component", true, "component",
                    List.of("-XX:ArchiveClassesAtExit=" + CDS_ARCHIVE)), "cold-burst", false);
        }
        for (String scenario : SCENARIOS) {
            if (!scenarios.contains(scenario)) {
                continue;
            }
            for (Variant variant : VARIANTS) {
                if (clients.contains(variant.id()) && applies(scenario, variant)) {
                    main.run(variant, scenario, true);
                }
            }
        }
        Files.createDirectories(out);
        Report.write(main.results, main.connectionsOpened, out, quick);
        if (main.aiStreamsTable != null) {
            Files.writeString(out.resolve("ai-streams.md"), "ai-streams: answers streamed into AI cards at once, 40 chunks"
                    + " 100 ms apart each, DingTalk's 20 calls/s per app and API enforced by the simulator\n\n"
                    + main.aiStreamsTable + "\nMachine: " + Report.machine() + ".\n");
        }
        String ratios = Report.ratios(main.results);
        if (!ratios.isEmpty()) {
            System.out.println("Ratios (acks/s, same run): " + ratios);
        }
        System.out.printf("%nDone in %d s. Results: %s%n", (System.nanoTime() - start) / 1_000_000_000L,
                out.resolve("results.md").toAbsolutePath());
    }

    /**
     * The minimal clients have no route to slow down; the null client (the generator's own ceiling) measures
     * throughput and, at a fixed rate, the generator's own latency floor: it does not reconnect and its footprint
     * says nothing about a client.
     */
    private static boolean applies(String scenario, Variant variant) {
        if (variant.id().equals("component-cds")) {
            return "cold-burst".equals(scenario);
        }
        if (variant.id().equals("component-c1")) {
            return "cold-burst".equals(scenario) || "saturation".equals(scenario);
        }
        if ("ai-streams".equals(scenario)) {
            return variant.id().equals("component");
        }
        if ("reply-throughput".equals(scenario)) {
            // bots answering through the webhook: the component and the official SDK with its BotReplier
            return variant.id().equals("component") || variant.id().equals("component-ws")
                    || variant.id().equals("official-sdk");
        }
        return switch (variant.client()) {
            case "raw-okhttp" -> !"slow-route".equals(scenario);
            case "null" -> "saturation".equals(scenario) || "cold-burst".equals(scenario) || "fixed-rate".equals(scenario);
            default -> true;
        };
    }

    private void run(Variant variant, String scenario, boolean report) throws Exception {
        String clientId = "bench" + (++runs);
        SimulatorOptions options = SimulatorOptions.defaults().tls(variant.tls())
                .redeliveryTimeout(Duration.ofSeconds("handover".equals(scenario) ? 10 : 60))
                .laterRedeliveryDelay(Duration.ofSeconds(1)).maxRedeliveries(20)
                .maxRecords(10_000_000); // a run reads every reply back
        if (report) {
            System.out.printf("%-12s %-14s %-4s … ", scenario, variant.label(), variant.transport());
        }
        try (DingTalkSimulator sim = DingTalkSimulator.start(options)) {
            sim.registerApp(clientId, SECRET);
            Path trustStore = Files.createTempFile("bench-trust", ".p12");
            if (sim.tls() != null) {
                sim.tls().writeTrustStore(trustStore, "changeit");
            }
            long launched = System.nanoTime();
            Instant launchedAt = Instant.now();
            try (ClientProcess client = new ClientProcess(variant.client(), variant.flags(), sim.apiUrl(), clientId, SECRET,
                    mode(scenario), sim.tls() == null ? null : trustStore)) {
                awaitConnected(sim, clientId);
                long connectMs = (System.nanoTime() - launched) / 1_000_000;
                Result result = Result.of(variant.label(), scenario, variant.transport()).connect(connectMs);
                Scenarios load = new Scenarios(sim, clientId);
                result = switch (scenario) {
                    // what an app reconnecting after an outage meets: a backlog, before any warm-up
                    case "cold-burst" -> {
                        LoadResult burst = load.load(sizes.coldBurstEvents(), sizes.coldBurstWindow());
                        yield result.throughput(burst.acksPerSecond())
                                .latency(burst.latencyMillis(0.50), burst.latencyMillis(0.95),
                                        burst.latencyMillis(0.99), burst.latencyMillis(1.0))
                                .firstAck(Duration.between(launchedAt, burst.firstAckAt()).toMillis());
                    }
                    case "reply-throughput" -> {
                        sim.delayReplies(REPLY_TIME);
                        load.replies(sizes.replyMessages() / 5, sizes.replyConversations(), REPLY_WINDOW, "warm");
                        long cpuBefore = client.cpuMillis();
                        Scenarios.ReplyLoad replies = load.replies(sizes.replyMessages(), sizes.replyConversations(),
                                REPLY_WINDOW, "m");
                        double cpuPerThousand = (client.cpuMillis() - cpuBefore) * 1000.0 / Math.max(1, replies.answered());
                        if (!replies.inOrder()) {
                            System.out.print("[replies out of order in a conversation] ");
                        }
                        yield result.throughput(replies.answeredPerSecond())
                                .latency(replies.p50Ms(), Double.NaN, replies.p99Ms(), replies.maxMs())
                                .delivery(replies.unanswered(), 0).replies(replies.mostRepliesInFlight(), cpuPerThousand);
                    }
                    case "ai-streams" -> {
                        StringBuilder table = new StringBuilder(AiStreams.HEADER);
                        for (int answers : sizes.aiAnswers()) {
                            AiStreams.Row row = AiStreams.run(sim, clientId, answers);
                            table.append(row.markdown()).append('\n');
                        }
                        System.out.print("\n" + table);
                        aiStreamsTable = table.toString();
                        yield null;
                    }
                    case "footprint" -> {
                        double[] idle = client.stats();
                        yield result.footprint(idle[0], (int) idle[1]);
                    }
                    case "saturation" -> {
                        load.windowed(sizes.warmup(), sizes.window());
                        double[] before = client.stats();
                        double rate = load.windowed(sizes.saturationEvents(), sizes.window());
                        double[] after = client.stats();
                        yield result.throughput(rate).footprint(after[0], (int) after[1])
                                .allocation((after[2] - before[2]) / sizes.saturationEvents());
                    }
                    // more offered than the ideal 64 / 20 ms = 3,200/s, so that the client's own capacity shows
                    case "slow-route" -> {
                        load.windowed(sizes.window(), sizes.window());
                        yield result.throughput(load.windowed(sizes.slowEvents(), sizes.window()));
                    }
                    case "fixed-rate" -> {
                        load.warmFaithfully(sizes.warmup(), sizes.window());
                        List<Delivery> pushed = load.fixedRate(sizes.fixedRate(), sizes.fixedSeconds(), 0);
                        long lost = Scenarios.awaitSettled(pushed, 30);
                        double[] p = Scenarios.percentiles(pushed, Scenarios::successOf);
                        yield result.throughput(pushed.size() / (double) sizes.fixedSeconds())
                                .latency(p[0], p[1], p[2], p[3]).delivery(lost, Scenarios.redeliveries(pushed));
                    }
                    case "handover" -> {
                        List<Delivery> pushed = load.fixedRate(sizes.handoverRate(), sizes.handoverSeconds(),
                                sizes.disconnectEverySeconds());
                        long lost = Scenarios.awaitSettled(pushed, 30);
                        double[] p = Scenarios.percentiles(pushed, Scenarios::successOf);
                        connectionsOpened.put(variant.label() + "/" + variant.transport(),
                                (int) sim.connections().stream().filter(c -> c.clientId().equals(clientId)).count());
                        yield result.latency(p[0], p[1], p[2], p[3]).delivery(lost, Scenarios.redeliveries(pushed));
                    }
                    default -> throw new IllegalArgumentException(scenario);
                };
                if (!report || result == null) {
                    return;
                }
                results.add(result);
                System.out.println(Report.describe(result));
                if (!sim.violations().isEmpty()) {
                    System.out.println("   protocol violations: " + sim.violations().size() + ", first: "
                            + sim.violations().get(0));
                }
            } finally {
                Files.deleteIfExists(trustStore);
            }
        }
    }

    private static String mode(String scenario) {
        return switch (scenario) {
            case "slow-route" -> "slow";
            case "reply-throughput" -> "bot";
            case "ai-streams" -> "ai";
            default -> "fast";
        };
    }

    private static void awaitConnected(DingTalkSimulator sim, String clientId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // open and taking events: a client may first open a connection it then replaces
        while (sim.liveConnections(clientId).stream().noneMatch(c -> c.state() == ConnectionInfo.State.OPEN
                && c.subscriptions().stream().anyMatch(s -> "EVENT".equals(s.type())
                        || DingTalkSimulator.BOT_TOPIC.equals(s.topic())))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(clientId + " did not connect within 60 s");
            }
            Thread.sleep(5);
        }
    }
}
