package io.github.cameldingtalk.stream;

import org.apache.camel.CamelContext;

/**
 * Publishes the consumer's counters as Micrometer meters when camel-micrometer is on the classpath, in the
 * MeterRegistry camel-micrometer uses. Without it nothing happens (and no Micrometer class is loaded).
 */
final class MicrometerMeters {

    private MicrometerMeters() {
    }

    /** @return what removes the meters again, or null when camel-micrometer is absent */
    static AutoCloseable bindIfPresent(DingTalkStreamConsumer consumer) {
        CamelContext context = consumer.getEndpoint().getCamelContext();
        if (context.getClassResolver().resolveClass("org.apache.camel.component.micrometer.MicrometerUtils") == null
                || context.getClassResolver().resolveClass("io.micrometer.core.instrument.MeterRegistry") == null) {
            return null;
        }
        return MicrometerBinding.bind(consumer);
    }
}
