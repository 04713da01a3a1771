package io.github.cameldingtalk.stream;

import io.github.cameldingtalk.stream.client.StreamClient;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** DOWN while the consumer has no open Stream connection, with the last error (e.g. authFailed) as the reason. */
public class DingTalkStreamConsumerHealthCheck extends AbstractHealthCheck {

    private final DingTalkStreamConsumer consumer;
    private final String routeId;

    public DingTalkStreamConsumerHealthCheck(DingTalkStreamConsumer consumer, String routeId) {
        super("camel", "consumer:dingtalk-stream-" + routeId);
        this.consumer = consumer;
        this.routeId = routeId;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        StreamClient client = consumer.getClient();
        builder.detail("route.id", routeId);
        builder.detail("topic", consumer.getTopic().topic());
        if (client == null) {
            builder.down().message("not started");
            return;
        }
        builder.detail("clientId", client.options().clientId());
        builder.detail("connections", client.connectedCount());
        builder.detail("reconnects", client.reconnects());
        builder.detail("malformedFrames", client.malformedFrames());
        builder.detail("inflight", consumer.getInflightExchanges());
        builder.detail("framesReceived", consumer.getFramesReceived());
        builder.detail("duplicatesDropped", consumer.getDuplicatesDropped());
        builder.detail("overloadRejections", consumer.getOverloadRejections());
        if (client.lastFrameAt() != null) {
            builder.detail("lastFrameTime", client.lastFrameAt().toString());
        }
        if (client.lastError() != null) {
            builder.detail("lastError", client.lastError());
        }
        if (client.connectedCount() > 0) {
            builder.up();
        } else {
            builder.down().message(client.lastError() == null ? "not connected to DingTalk yet"
                    : "not connected to DingTalk: " + client.lastError());
        }
    }
}
