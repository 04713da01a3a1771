package io.github.cameldingtalk.benchmarks;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * camel-dingtalk-stream with a trivial events route (SUCCESS), or in {@code bot} mode a bot route answering each
 * message; defaults (maxConcurrency 64).
 */
final class ComponentClient {

    private ComponentClient() {
    }

    static AutoCloseable start(String apiUrl, String clientId, String secret, String mode) throws Exception {
        boolean slow = "slow".equals(mode);
        DefaultCamelContext context = new DefaultCamelContext();
        if (Boolean.getBoolean("bench.pooled")) {
            context.getCamelContextExtension().setExchangeFactory(new org.apache.camel.impl.engine.PooledExchangeFactory());
            context.getCamelContextExtension().setProcessorExchangeFactory(new org.apache.camel.impl.engine.PooledProcessorExchangeFactory());
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                String credentials = "?clientId=" + clientId + "&clientSecret=RAW(" + secret + ")&apiUrl=" + apiUrl;
                if ("bot".equals(mode)) {
                    // the reply is the route's output, posted to the message's sessionWebhook (defaults)
                    from("dingtalk-stream:bot" + credentials).routeId("bench")
                            .setBody(exchange -> "You said: " + exchange.getIn()
                                    .getBody(io.github.cameldingtalk.stream.model.DingTalkBotMessage.class).getText());
                    return;
                }
                from("dingtalk-stream:events" + credentials).routeId("bench")
                        .process(exchange -> ClientMain.work(slow));
            }
        });
        context.start();
        return context::stop;
    }
}
