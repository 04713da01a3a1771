package io.github.cameldingtalk.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** results.json, results.md and results.png from the runs. */
final class Report {

    private Report() {
    }

    /** Writes the Markdown table and the chart again from a results.json (after changing the report). */
    static void render(Path json, Path dir) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode root = mapper.readTree(json.toFile());
        List<Result> results = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode run : root.get("runs")) {
            results.add(mapper.treeToValue(run, Result.class));
        }
        Map<String, Integer> connections = mapper.convertValue(root.get("handoverConnectionsOpened"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Integer>>() { });
        Files.writeString(dir.resolve("results.md"), markdown(results, connections, root.path("quick").asBoolean()));
        chart(results, dir.resolve("results.png"));
    }

    static void write(List<Result> results, Map<String, Integer> connectionsOpened, Path dir, boolean quick)
            throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("runs", results);
        json.put("handoverConnectionsOpened", connectionsOpened);
        json.put("machine", machine());
        json.put("date", LocalDate.now().toString());
        json.put("quick", quick);
        json.put("clientJvmFlags", ClientProcess.JVM_FLAGS);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("results.json").toFile(), json);
        Files.writeString(dir.resolve("results.md"), markdown(results, connectionsOpened, quick));
        chart(results, dir.resolve("results.png"));
    }

    static String machine() {
        return System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version");
    }

    static String describe(Result r) {
        StringBuilder line = new StringBuilder();
        append(line, "acks/s", r.acksPerSecond(), "%.0f");
        append(line, "p50", r.p50Ms(), "%.2f ms");
        append(line, "p99", r.p99Ms(), "%.2f ms");
        append(line, "max", r.maxMs(), "%.1f ms");
        append(line, "lost", r.lost() == null ? null : r.lost().doubleValue(), "%.0f");
        append(line, "redelivered", r.redelivered() == null ? null : r.redelivered().doubleValue(), "%.0f");
        append(line, "heap", r.heapMb(), "%.1f MB");
        append(line, "threads", r.threads() == null ? null : r.threads().doubleValue(), "%.0f");
        append(line, "connect", r.connectMs() == null ? null : r.connectMs().doubleValue(), "%.0f ms");
        append(line, "alloc/frame", r.allocatedBytesPerFrame(), "%.0f B");
        append(line, "JVM start to first ack", r.firstAckMs() == null ? null : r.firstAckMs().doubleValue(), "%.0f ms");
        append(line, "replies in flight", r.repliesInFlight() == null ? null : r.repliesInFlight().doubleValue(), "%.0f");
        append(line, "CPU per 1,000 answered", r.cpuMsPer1000(), "%.0f ms");
        return line.toString();
    }

    private static void append(StringBuilder line, String name, Double value, String format) {
        if (value != null) {
            line.append(name).append(' ').append(String.format(Locale.ROOT, format, value)).append("  ");
        }
    }

    private static String markdown(List<Result> results, Map<String, Integer> connectionsOpened, boolean quick) {
        StringBuilder md = new StringBuilder();
        List<Result> replies = results.stream().filter(r -> r.repliesInFlight() != null).toList();
        if (!replies.isEmpty()) {
            md.append("reply-throughput: bot messages in many conversations, each reply post held 50 ms by the simulator\n\n");
            md.append("| client | transport | answered/s | replies in flight (max) | p50 delivery→reply ms | p99 ms | max ms | unanswered | client CPU ms per 1,000 answered |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Result r : replies) {
                md.append("| ").append(r.client()).append(" | ").append(r.transport()).append(" | ")
                        .append(fmt(r.acksPerSecond(), "%.0f")).append(" | ")
                        .append(r.repliesInFlight()).append(" | ").append(fmt(r.p50Ms(), "%.1f")).append(" | ")
                        .append(fmt(r.p99Ms(), "%.1f")).append(" | ").append(fmt(r.maxMs(), "%.1f")).append(" | ")
                        .append(r.lost() == null ? "" : r.lost()).append(" | ").append(fmt(r.cpuMsPer1000(), "%.0f"))
                        .append(" |\n");
            }
            md.append('\n');
        }
        if (replies.size() < results.size()) {
            md.append("| scenario | client | transport | acks/s | p50 ms | p95 ms | p99 ms | max ms | lost | redelivered | heap MB | threads | connect ms | alloc B/frame | first ack ms |\n");
            md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        }
        for (Result r : results) {
            if (r.repliesInFlight() != null) {
                continue;
            }
            md.append("| ").append(r.scenario()).append(" | ").append(r.client()).append(" | ").append(r.transport())
                    .append(" | ").append(fmt(r.acksPerSecond(), "%.0f"))
                    .append(" | ").append(fmt(r.p50Ms(), "%.2f")).append(" | ").append(fmt(r.p95Ms(), "%.2f"))
                    .append(" | ").append(fmt(r.p99Ms(), "%.2f")).append(" | ").append(fmt(r.maxMs(), "%.1f"))
                    .append(" | ").append(r.lost() == null ? "" : r.lost())
                    .append(" | ").append(r.redelivered() == null ? "" : r.redelivered())
                    .append(" | ").append(fmt(r.heapMb(), "%.1f"))
                    .append(" | ").append(r.threads() == null ? "" : r.threads())
                    .append(" | ").append(r.connectMs() == null ? "" : r.connectMs())
                    .append(" | ").append(fmt(r.allocatedBytesPerFrame(), "%.0f"))
                    .append(" | ").append(r.firstAckMs() == null ? "" : r.firstAckMs()).append(" |\n");
        }
        md.append("\n").append(quick ? "Quick run. " : "").append("Machine: ").append(machine()).append(", ")
                .append(LocalDate.now()).append(". Client JVMs: ").append(String.join(" ", ClientProcess.JVM_FLAGS))
                .append(".");
        if (!connectionsOpened.isEmpty()) {
            md.append(" Connections opened during handover: ").append(connectionsOpened).append('.');
        }
        md.append('\n');
        String ratios = ratios(results);
        if (!ratios.isEmpty()) {
            md.append("\nRatios (acks/s, same run): ").append(ratios).append('\n');
        }
        return md.toString();
    }

    /** The component against the official SDK and against the generator's own ceiling, where both were run. */
    static String ratios(List<Result> results) {
        List<String> parts = new ArrayList<>();
        for (String scenario : List.of("cold-burst", "saturation")) {
            for (String component : List.of("component", "component+cds", "component+c1")) {
                ratio(results, scenario, component, "wss", "official-sdk", "wss").ifPresent(r -> parts.add(scenario
                        + " " + component + "/official-sdk (wss) " + r));
            }
            ratio(results, scenario, "component", "wss", "null", "wss").ifPresent(r -> parts.add(scenario
                    + " component/null (wss) " + r));
            ratio(results, scenario, "component", "ws", "null", "ws").ifPresent(r -> parts.add(scenario
                    + " component/null (ws) " + r));
        }
        return String.join("; ", parts);
    }

    private static Optional<String> ratio(List<Result> results, String scenario, String client,
            String transport, String base, String baseTransport) {
        Optional<Double> of = rate(results, scenario, client, transport);
        Optional<Double> against = rate(results, scenario, base, baseTransport);
        return of.isPresent() && against.isPresent() && against.get() > 0
                ? Optional.of(String.format(Locale.ROOT, "%.2f×", of.get() / against.get()))
                : Optional.empty();
    }

    private static Optional<Double> rate(List<Result> results, String scenario, String client,
            String transport) {
        return results.stream().filter(r -> r.scenario().equals(scenario) && r.client().equals(client)
                && r.transport().equals(transport) && r.acksPerSecond() != null).map(Result::acksPerSecond).findFirst();
    }

    private static String fmt(Double value, String format) {
        return value == null || value.isNaN() ? "" : String.format(Locale.ROOT, format, value);
    }

    private static void chart(List<Result> results, Path file) throws IOException {
        CategoryChart throughput = bars("Saturation: acks per second (higher is better)", "acks/s", results, "saturation",
                Result::acksPerSecond);
        CategoryChart latency = bars("Fixed rate: p99 ack latency (lower is better)", "ms", results, "fixed-rate",
                Result::p99Ms);
        BufferedImage left = BitmapEncoder.getBufferedImage(throughput);
        BufferedImage right = BitmapEncoder.getBufferedImage(latency);
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(), Math.max(left.getHeight(),
                right.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        ImageIO.write(both, "png", file.toFile());
    }

    private static CategoryChart bars(String title, String unit, List<Result> results, String scenario,
            java.util.function.Function<Result, Double> value) {
        CategoryChart chart = new CategoryChartBuilder().width(640).height(420).title(title).yAxisTitle(unit).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        List<Result> rows = results.stream().filter(r -> r.scenario().equals(scenario) && value.apply(r) != null
                && !value.apply(r).isNaN()).toList();
        if (rows.isEmpty()) {
            chart.addSeries(unit, List.of("no data"), List.of(0));
        } else {
            // rounded so that the bar labels stay readable
            chart.addSeries(unit, rows.stream().map(Result::label).toList(), rows.stream().map(value)
                    .map(v -> v >= 100 ? (double) Math.round(v) : Math.round(v * 100) / 100.0).toList());
        }
        return chart;
    }
}
