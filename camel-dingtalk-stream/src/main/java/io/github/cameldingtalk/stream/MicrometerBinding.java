package io.github.cameldingtalk.stream;

import io.github.cameldingtalk.stream.client.StreamClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.apache.camel.spi.Registry;

/** The Micrometer side of {@link MicrometerMeters}; only loaded when Micrometer is present. */
final class MicrometerBinding {

    private MicrometerBinding() {
    }

    static AutoCloseable bind(DingTalkStreamConsumer consumer) {
        Registry camelRegistry = consumer.getEndpoint().getCamelContext().getRegistry();
        MeterRegistry registry = MicrometerUtils.getMeterRegistryFromCamelRegistry(camelRegistry,
                MicrometerConstants.METRICS_REGISTRY_NAME);
        if (registry == null) {
            registry = MicrometerUtils.getOrCreateMeterRegistry(camelRegistry, MicrometerConstants.METRICS_REGISTRY_NAME);
            camelRegistry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        }
        Tags tags = Tags.of("clientId", consumer.getClientId(), "topic", consumer.getTopicName(),
                "routeId", String.valueOf(consumer.getRouteId()));
        ConsumerMetrics metrics = consumer.metrics();
        List<Meter> meters = new ArrayList<>();
        meters.add(FunctionCounter.builder("dingtalk.stream.frames", metrics, m -> m.frames.sum())
                .description("Frames received for the route's topic").tags(tags).register(registry));
        for (ConsumerMetrics.Outcome outcome : ConsumerMetrics.Outcome.values()) {
            meters.add(FunctionCounter.builder("dingtalk.stream.acks", metrics, m -> m.outcomes(outcome))
                    .description("Frames by how they ended: success, later, failed, handed_back")
                    .tags(tags).tag("outcome", outcome.name().toLowerCase()).register(registry));
        }
        meters.add(FunctionCounter.builder("dingtalk.stream.duplicates", metrics, m -> m.duplicates.sum())
                .description("Duplicates acked without routing").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("dingtalk.stream.overload.rejections", metrics,
                m -> m.overloadRejections.sum()).description("Frames refused at maxConcurrency").tags(tags)
                .register(registry));
        meters.add(FunctionTimer.builder("dingtalk.stream.ack.latency", metrics, ConsumerMetrics::ackLatencyCount,
                m -> m.ackLatencyTotal(TimeUnit.NANOSECONDS), TimeUnit.NANOSECONDS)
                .description("Time from frame arrival to ack").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("dingtalk.stream.malformed.frames", consumer,
                DingTalkStreamConsumer::getMalformedFrames).description("Malformed frames skipped").tags(tags)
                .register(registry));
        for (StreamClient.ReconnectReason reason : StreamClient.ReconnectReason.values()) {
            meters.add(FunctionCounter.builder("dingtalk.stream.reconnects", consumer,
                    c -> c.getReconnects().getOrDefault(reason.name(), 0L))
                    .description("New connections by reason").tags(tags).tag("reason", reason.name().toLowerCase())
                    .register(registry));
        }
        meters.add(Gauge.builder("dingtalk.stream.connections", consumer, DingTalkStreamConsumer::getConnectionCount)
                .description("Open connections taking frames").tags(tags).register(registry));
        meters.add(Gauge.builder("dingtalk.stream.inflight", consumer, DingTalkStreamConsumer::getInflightExchanges)
                .description("Exchanges in flight").tags(tags).register(registry));
        MeterRegistry target = registry;
        return () -> meters.forEach(target::remove);
    }
}
