package io.github.cameldingtalk.benchmarks;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/** camel-dingtalk-stream with a trivial events route (SUCCESS), maxConcurrency 64 (the default). */
final class ComponentClient {

    private ComponentClient() {
    }

    static AutoCloseable start(String apiUrl, String clientId, String secret, boolean slow) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        if (Boolean.getBoolean("bench.pooled")) {
            context.getCamelContextExtension().setExchangeFactory(new org.apache.camel.impl.engine.PooledExchangeFactory());
            context.getCamelContextExtension().setProcessorExchangeFactory(new org.apache.camel.impl.engine.PooledProcessorExchangeFactory());
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("dingtalk-stream:events?clientId=" + clientId + "&clientSecret=RAW(" + secret + ")&apiUrl=" + apiUrl)
                        .routeId("bench")
                        .process(exchange -> ClientMain.work(slow));
            }
        });
        context.start();
        return context::stop;
    }
}
