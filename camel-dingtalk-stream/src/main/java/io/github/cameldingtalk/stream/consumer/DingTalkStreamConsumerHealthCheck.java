package io.github.cameldingtalk.stream.consumer;

import io.github.cameldingtalk.stream.app.ConnectionStatus;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of a dingtalk-stream consumer: DOWN while its app has no open Stream connection, with DingTalk's
 * answer (e.g. {@code authFailed}, HTTP 401) in Camel's {@code service.error.code} / {@code service.status.code}
 * details and the failure as the error. Readiness only: restarting the process does not make DingTalk reachable
 * or the credentials right.
 */
public class DingTalkStreamConsumerHealthCheck extends AbstractHealthCheck {

    private final ConsumerMetrics metrics;
    private final String routeId;

    public DingTalkStreamConsumerHealthCheck(ConsumerMetrics metrics, String routeId, boolean enabled) {
        super("camel", "consumer:dingtalk-stream-" + routeId);
        this.metrics = metrics;
        this.routeId = routeId;
        setEnabled(enabled);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("route.id", routeId);
        builder.detail("topic", metrics.topic());
        ConnectionStatus client = metrics.connection();
        if (client == null) {
            builder.down().message("not started");
            return;
        }
        builder.detail("clientId", client.clientId());
        builder.detail("state", client.state());
        builder.detail("connections", client.connections());
        builder.detail("reconnects", client.reconnects());
        builder.detail("malformedFrames", client.malformedFrames());
        builder.detail("inflight", metrics.inflight());
        builder.detail("framesReceived", metrics.framesReceived());
        builder.detail("duplicatesDropped", metrics.duplicatesDropped());
        builder.detail("duplicateChecksFailed", metrics.duplicateChecksFailed());
        builder.detail("overloadRejections", metrics.overloadRejections());
        builder.detail("repliesFailed", metrics.repliesFailed());
        builder.detail("liveAiCards", metrics.liveAiCards());
        if (client.lastFrameAt() != null) {
            builder.detail("lastFrameTime", client.lastFrameAt().toString());
        }
        Exception failure = client.lastFailure();
        if (failure != null) {
            builder.detail("lastError", failure.getMessage());
        }
        if (client.connections() > 0) {
            builder.up();
            return;
        }
        builder.down().message(failure == null ? "not connected to DingTalk yet"
                : "not connected to DingTalk: " + failure.getMessage());
        if (client.refusedStatus() > 0) {
            builder.detail(SERVICE_STATUS_CODE, client.refusedStatus());
            if (client.refusedCode() != null) {
                builder.detail(SERVICE_ERROR_CODE, client.refusedCode());
            }
        }
        if (failure != null) {
            builder.error(failure);
        }
    }
}
