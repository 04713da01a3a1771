package io.github.cameldingtalk.stream;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/** Receives DingTalk (钉钉) bot messages, card callbacks and events over Stream mode. */
@Component("dingtalk-stream")
public class DingTalkStreamComponent extends HealthCheckComponent {

    @Metadata(description = "Component-level configuration: the defaults of every endpoint (credentials, apiUrl …).")
    private DingTalkStreamConfiguration configuration = new DingTalkStreamConfiguration();

    private final Map<String, DingTalkStreamConnectionManager> managers = new java.util.concurrent.ConcurrentHashMap<>();

    /** The connection manager shared by every consumer of one app (apiUrl, clientId). */
    DingTalkStreamConnectionManager connectionManager(DingTalkStreamConfiguration configuration) {
        return managers.computeIfAbsent(DingTalkStreamConnectionManager.key(configuration),
                key -> new DingTalkStreamConnectionManager(configuration.getClientId()));
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DingTalkStreamConfiguration endpointConfiguration = configuration.copy();
        DingTalkStreamTopic topic = DingTalkStreamTopic.resolve(remaining);
        endpointConfiguration.setTopic(topic.topic());
        DingTalkStreamEndpoint endpoint = new DingTalkStreamEndpoint(uri, this, endpointConfiguration, topic);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    public DingTalkStreamConfiguration getConfiguration() {
        return configuration;
    }

    /** Component-level configuration: the defaults of every endpoint (credentials, apiUrl …). */
    public void setConfiguration(DingTalkStreamConfiguration configuration) {
        this.configuration = configuration;
    }
}
