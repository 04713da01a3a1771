package io.github.cameldingtalk.stream;

import io.github.cameldingtalk.stream.producer.DingTalkStreamProducer;
import okhttp3.HttpUrl;
import org.apache.camel.Category;
import io.github.cameldingtalk.stream.consumer.DingTalkStreamConsumer;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.util.ObjectHelper;

/**
 * Receive DingTalk (钉钉) bot messages, card callbacks and events over Stream mode (the route's output is the
 * callback response, for bot messages the chat reply), and send robot messages, recall them and download files
 * through DingTalk's OpenAPI.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "dingtalk-stream", title = "DingTalk Stream",
             syntax = "dingtalk-stream:topic", category = {Category.CHAT},
             headersClass = DingTalkStreamConstants.class)
public class DingTalkStreamEndpoint extends DefaultEndpoint {

    @UriParam
    private final DingTalkStreamConfiguration configuration;
    private final DingTalkStreamTopic topic;

    public DingTalkStreamEndpoint(String uri, DingTalkStreamComponent component,
            DingTalkStreamConfiguration configuration, DingTalkStreamTopic topic) {
        super(uri, component);
        this.configuration = configuration;
        this.topic = topic;
    }

    /** Fails endpoint creation with the name of what is missing or wrong. */
    void validate() {
        if (ObjectHelper.isEmpty(configuration.getClientId())) {
            throw new IllegalArgumentException("The dingtalk-stream option clientId is required (the app's AppKey)");
        }
        if (ObjectHelper.isEmpty(configuration.getClientSecret())) {
            throw new IllegalArgumentException(
                    "The dingtalk-stream option clientSecret is required (the app's AppSecret)");
        }
        if (configuration.getBacklog() < 0) {
            throw new IllegalArgumentException("The dingtalk-stream option backlog must not be negative");
        }
        if (configuration.getConnections() < 1) {
            throw new IllegalArgumentException("The dingtalk-stream option connections must be at least 1");
        }
        if (configuration.getReplyMaxAttempts() < 1) {
            throw new IllegalArgumentException("The dingtalk-stream option replyMaxAttempts must be at least 1");
        }
        if (configuration.getReplyTimeout() <= 0) {
            throw new IllegalArgumentException("The dingtalk-stream option replyTimeout must be positive");
        }
        if (configuration.getMaxConcurrency() < 1) {
            throw new IllegalArgumentException("The dingtalk-stream option maxConcurrency must be at least 1");
        }
        if (ObjectHelper.isNotEmpty(configuration.getEventTypes()) && topic.kind() != DingTalkStreamTopic.Kind.EVENTS) {
            throw new IllegalArgumentException("The dingtalk-stream option eventTypes only applies to the events topic");
        }
        if (configuration.getMergeWindow() < 0) {
            throw new IllegalArgumentException("The dingtalk-stream option mergeWindow must not be negative");
        }
        if (configuration.getMergeWindow() > 0 && !configuration.isMergeBursts()) {
            throw new IllegalArgumentException("The dingtalk-stream option mergeWindow needs mergeBursts=true");
        }
        if (configuration.isMergeBursts() && !configuration.isOrderPerConversation()) {
            throw new IllegalArgumentException("The dingtalk-stream option mergeBursts needs orderPerConversation=true"
                    + " (it merges the messages that queue behind their conversation)");
        }
        if (!"text".equals(configuration.getMessageType()) && !"markdown".equals(configuration.getMessageType())) {
            throw new IllegalArgumentException("The dingtalk-stream option messageType must be text or markdown, not "
                    + configuration.getMessageType());
        }
        requireUrl("apiUrl", configuration.getApiUrl());
        requireUrl("oapiUrl", configuration.getOapiUrl());
    }

    /** Parsed whole, as OkHttp will: a value that only starts like a URL would fail every call later. */
    private static void requireUrl(String option, String value) {
        if (ObjectHelper.isEmpty(value) || !(value.startsWith("http://") || value.startsWith("https://"))
                || HttpUrl.parse(value) == null) {
            throw new IllegalArgumentException("The dingtalk-stream option " + option + " must be an http(s) URL, not '"
                    + value + "'");
        }
    }

    @Override
    public Producer createProducer() {
        return new DingTalkStreamProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        DingTalkStreamConsumer consumer = new DingTalkStreamConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public DingTalkStreamComponent getComponent() {
        return (DingTalkStreamComponent) super.getComponent();
    }

    public DingTalkStreamConfiguration getConfiguration() {
        return configuration;
    }

    public DingTalkStreamTopic getTopic() {
        return topic;
    }
}
