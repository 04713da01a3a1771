package io.github.cameldingtalk.stream.consumer;

import io.github.cameldingtalk.stream.app.ConnectionStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.apache.camel.spi.Registry;

/** The Micrometer side of {@link MicrometerMeters}; only loaded when Micrometer is present. */
final class MicrometerBinding {

    private MicrometerBinding() {
    }

    static AutoCloseable bind(CamelContext context, ConsumerMetrics metrics, Map<String, String> tagValues) {
        Registry camelRegistry = context.getRegistry();
        MeterRegistry registry = MicrometerUtils.getMeterRegistryFromCamelRegistry(camelRegistry,
                MicrometerConstants.METRICS_REGISTRY_NAME);
        if (registry == null) {
            registry = MicrometerUtils.getOrCreateMeterRegistry(camelRegistry, MicrometerConstants.METRICS_REGISTRY_NAME);
            camelRegistry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        }
        Tags tags = Tags.of(tagValues.entrySet().stream().map(e -> Tag.of(e.getKey(), e.getValue())).toList());
        List<Meter> meters = new ArrayList<>();
        meters.add(FunctionCounter.builder("dingtalk.stream.frames", metrics, ConsumerMetrics::framesReceived)
                .description("Frames received for the route's topic").tags(tags).register(registry));
        for (ConsumerMetrics.Outcome outcome : ConsumerMetrics.Outcome.values()) {
            meters.add(FunctionCounter.builder("dingtalk.stream.acks", metrics, m -> m.outcomes(outcome))
                    .description("Frames by how they ended: success, later, failed, handed_back")
                    .tags(tags).tag("outcome", outcome.name().toLowerCase()).register(registry));
        }
        meters.add(FunctionCounter.builder("dingtalk.stream.merged", metrics, ConsumerMetrics::messagesMerged)
                .description("Bot messages merged into the message before them (mergeBursts)").tags(tags)
                .register(registry));
        meters.add(FunctionCounter.builder("dingtalk.stream.duplicates", metrics, ConsumerMetrics::duplicatesDropped)
                .description("Duplicates acked without routing").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("dingtalk.stream.duplicate.check.failures", metrics,
                ConsumerMetrics::duplicateChecksFailed)
                .description("Messages routed without the duplicate check: the idempotent repository failed")
                .tags(tags).register(registry));
        meters.add(FunctionCounter.builder("dingtalk.stream.overload.rejections", metrics,
                ConsumerMetrics::overloadRejections).description("Frames refused at maxConcurrency + backlog")
                .tags(tags).register(registry));
        meters.add(FunctionCounter.builder("dingtalk.stream.replies", metrics, ConsumerMetrics::repliesSent)
                .description("Bot replies by outcome: sent, failed, unknown").tags(tags).tag("outcome", "sent")
                .register(registry));
        meters.add(FunctionCounter.builder("dingtalk.stream.replies", metrics, ConsumerMetrics::repliesFailed)
                .description("Bot replies by outcome: sent, failed, unknown").tags(tags).tag("outcome", "failed")
                .register(registry));
        meters.add(FunctionCounter.builder("dingtalk.stream.replies", metrics, ConsumerMetrics::repliesUnknown)
                .description("Bot replies by outcome: sent, failed, unknown").tags(tags).tag("outcome", "unknown")
                .register(registry));
        meters.add(FunctionCounter.builder("dingtalk.stream.replies.fallback", metrics, ConsumerMetrics::repliesViaOpenApi)
                .description("Bot replies sent through the robot OpenAPI: the sessionWebhook had expired").tags(tags)
                .register(registry));
        meters.add(Gauge.builder("dingtalk.stream.aicards.live", metrics, ConsumerMetrics::liveAiCards)
                .description("Live AI cards of the app").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("dingtalk.stream.aicards.updates", metrics, ConsumerMetrics::aiCardUpdates)
                .description("Streaming frames of the app's AI cards DingTalk took").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("dingtalk.stream.aicards.coalesced", metrics,
                ConsumerMetrics::aiCardTextsCoalesced)
                .description("AI card texts replaced by newer text before they were sent").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("dingtalk.stream.aicards.qpslimit", metrics,
                ConsumerMetrics::aiCardQpsLimitAnswers)
                .description("AI card frames refused with QpsLimit (sent again)").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("dingtalk.stream.aicards.fallbacks", metrics, ConsumerMetrics::aiCardFallbacks)
                .description("Streamed answers sent as a markdown reply instead of an AI card").tags(tags)
                .register(registry));
        meters.add(FunctionCounter.builder("dingtalk.stream.openapi.retries", metrics, ConsumerMetrics::replyRetries)
                .description("Extra posts made to deliver bot replies").tags(tags).register(registry));
        meters.add(FunctionTimer.builder("dingtalk.stream.ack.latency", metrics, ConsumerMetrics::ackLatencyCount,
                m -> m.ackLatencyTotal(TimeUnit.NANOSECONDS), TimeUnit.NANOSECONDS)
                .description("Time from frame arrival to ack").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("dingtalk.stream.malformed.frames", metrics, ConsumerMetrics::malformedFrames)
                .description("Malformed frames skipped").tags(tags).register(registry));
        for (String reason : ConnectionStatus.RECONNECT_REASONS) {
            meters.add(FunctionCounter.builder("dingtalk.stream.reconnects", metrics,
                    m -> m.reconnects().getOrDefault(reason, 0L))
                    .description("New connections by reason").tags(tags).tag("reason", reason.toLowerCase())
                    .register(registry));
        }
        meters.add(Gauge.builder("dingtalk.stream.connections", metrics, ConsumerMetrics::connectionCount)
                .description("Open connections taking frames").tags(tags).register(registry));
        meters.add(Gauge.builder("dingtalk.stream.inflight", metrics, ConsumerMetrics::inflight)
                .description("Frames admitted and not yet acked").tags(tags).register(registry));
        MeterRegistry target = registry;
        return () -> meters.forEach(target::remove);
    }
}
