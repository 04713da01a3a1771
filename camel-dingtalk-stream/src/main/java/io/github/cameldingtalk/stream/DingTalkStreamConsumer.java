package io.github.cameldingtalk.stream;

import org.apache.camel.Processor;

/**
 * The consumer of a dingtalk-stream endpoint, under the component's own package like every Camel component's
 * consumer (and as earlier versions named it); the work is done by {@link
 * io.github.cameldingtalk.stream.consumer.DingTalkStreamConsumer}, which this only names.
 */
public final class DingTalkStreamConsumer extends io.github.cameldingtalk.stream.consumer.DingTalkStreamConsumer {

    public DingTalkStreamConsumer(DingTalkStreamEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }
}
