package io.github.cameldingtalk.benchmarks;

import io.github.cameldingtalk.simulator.ApiCall;
import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.CardStreamFrame;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * ai-streams: N answers streamed into AI cards at once (40 chunks 100 ms apart each) against the simulator's
 * 20 calls/s per API, measured as users see them: cards finished whole, QpsLimit refusals, how much the generation
 * was stretched, how long after its last chunk each card was finished, updates per card, calls per second.
 */
final class AiStreams {

    private static final Pattern GENERATED = Pattern.compile("\\[gen (\\d+) (\\d+)]$");
    private static final String STREAMING = "/v1.0/card/streaming";
    private static final String CREATE = "/v1.0/card/instances/createAndDeliver";

    /** One row of the table. */
    record Row(int answers, int finishedWhole, long qpsLimited, long callsTotal, double stretchP50,
            double stretchMax, long finalLagP50Ms, long finalLagMaxMs, int updatesMin, int updatesMedian, int peakCallsPerSecond) {

        String markdown() {
            return String.format(Locale.ROOT, "| %d | %d/%d | %d of %d | %.2f× / %.2f× | %d / %d | %d / %d | %d |",
                    answers, finishedWhole, answers, qpsLimited, callsTotal, stretchP50, stretchMax, finalLagP50Ms,
                    finalLagMaxMs, updatesMin, updatesMedian, peakCallsPerSecond);
        }
    }

    static final String HEADER = "| answers at once | cards finished whole | calls refused QpsLimit | generation stretch p50 / max |"
            + " last chunk → final frame ms p50 / max | updates per card min / median | peak streaming calls/s |\n"
            + "|---:|---:|---:|---:|---:|---:|---:|\n";

    private AiStreams() {
    }

    static Row run(DingTalkSimulator sim, String clientId, int answers) throws InterruptedException {
        String tag = "cidAi" + answers + "x";
        int before = sim.apiCalls(CREATE).size();
        for (int i = 0; i < answers; i++) {
            sim.pushBotMessage(clientId, BotMessage.text("question " + i).inGroup("ai").conversationId(tag + i));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Map<String, String> cards = new HashMap<>();
        while (System.nanoTime() < deadline) {
            for (ApiCall call : sim.apiCalls(CREATE)) {
                String space = call.body().path("openSpaceId").asText();
                if (call.status() == 200 && space.contains(tag)) {
                    cards.put(space, call.body().path("outTrackId").asText());
                }
            }
            if (cards.size() == answers && cards.values().stream().allMatch(card -> sim.cardState(card)
                    .map(state -> state.equals("FINISHED") || state.equals("FAILED")).orElse(false))) {
                break;
            }
            Thread.sleep(20);
        }
        String whole = IntStream.range(0, ComponentClient.AI_CHUNKS).mapToObj(i -> "token" + i + " ")
                .collect(Collectors.joining());
        int finishedWhole = 0;
        List<Double> stretches = new ArrayList<>();
        List<Long> lags = new ArrayList<>();
        List<Integer> updates = new ArrayList<>();
        for (String card : cards.values()) {
            List<CardStreamFrame> frames = sim.cardStream(card);
            if (frames.isEmpty()) {
                continue;
            }
            CardStreamFrame last = frames.get(frames.size() - 1);
            Matcher generated = GENERATED.matcher(last.content());
            if (last.finished() && last.content().startsWith(whole) && generated.find()) {
                finishedWhole++;
                long start = Long.parseLong(generated.group(1));
                long end = Long.parseLong(generated.group(2));
                stretches.add((end - start) / (double) ((ComponentClient.AI_CHUNKS - 1) * ComponentClient.AI_CHUNK_MILLIS));
                lags.add(last.at().toEpochMilli() - end);
            }
            updates.add(frames.size() - 1);
        }
        List<ApiCall> streaming = sim.apiCalls(STREAMING).stream().filter(call -> cards.containsValue(
                call.body().path("outTrackId").asText())).toList();
        List<ApiCall> created = sim.apiCalls(CREATE).subList(before, sim.apiCalls(CREATE).size());
        long refused = streaming.stream().filter(call -> call.status() == 403).count()
                + created.stream().filter(call -> call.status() == 403).count();
        long[] accepted = streaming.stream().filter(call -> call.status() == 200).mapToLong(call -> call.at().toEpochMilli())
                .sorted().toArray();
        int peak = 0;
        for (int i = 0, j = 0; i < accepted.length; i++) {
            while (accepted[i] - accepted[j] >= 1000) {
                j++;
            }
            peak = Math.max(peak, i - j + 1);
        }
        stretches.sort(null);
        lags.sort(null);
        updates.sort(null);
        return new Row(answers, finishedWhole, refused, streaming.size() + created.size(), median(stretches),
                stretches.isEmpty() ? Double.NaN : stretches.get(stretches.size() - 1),
                lags.isEmpty() ? -1 : lags.get(lags.size() / 2), lags.isEmpty() ? -1 : lags.get(lags.size() - 1),
                updates.isEmpty() ? 0 : updates.get(0), updates.isEmpty() ? 0 : updates.get(updates.size() / 2), peak);
    }

    private static double median(List<Double> sorted) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }
}
