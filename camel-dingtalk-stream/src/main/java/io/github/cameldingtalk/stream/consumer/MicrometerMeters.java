package io.github.cameldingtalk.stream.consumer;

import java.util.Map;
import org.apache.camel.CamelContext;

/**
 * Publishes the consumer's counters as Micrometer meters when camel-micrometer is on the classpath, in the
 * MeterRegistry camel-micrometer uses. Without it nothing happens (and no Micrometer class is loaded).
 */
final class MicrometerMeters {

    private MicrometerMeters() {
    }

    /** @return what removes the meters again, or null when camel-micrometer is absent */
    static AutoCloseable bindIfPresent(CamelContext context, ConsumerMetrics metrics, Map<String, String> tags) {
        if (context.getClassResolver().resolveClass("org.apache.camel.component.micrometer.MicrometerUtils") == null
                || context.getClassResolver().resolveClass("io.micrometer.core.instrument.MeterRegistry") == null) {
            return null;
        }
        return MicrometerBinding.bind(context, metrics, tags);
    }
}
