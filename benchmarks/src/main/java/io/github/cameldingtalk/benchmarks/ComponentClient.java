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

    static final int AI_CHUNKS = 40;
    static final long AI_CHUNK_MILLIS = 100;

    /** The chunks of one answer, generated at their own pace on the reading thread. */
    static java.util.Iterator<String> aiAnswer() {
        return new java.util.Iterator<>() {
            private int next;
            private long start;

            @Override
            public boolean hasNext() {
                return next <= AI_CHUNKS;
            }

            @Override
            public String next() {
                if (next == 0) {
                    start = System.currentTimeMillis();
                } else if (next < AI_CHUNKS) {
                    ClientMain.sleep(AI_CHUNK_MILLIS);
                }
                if (next == AI_CHUNKS) {
                    next++;
                    return "[gen " + start + " " + System.currentTimeMillis() + "]";
                }
                return "token" + next++ + " ";
            }
        };
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
                if ("ai".equals(mode)) {
                    // an LLM-like answer: 40 chunks 100 ms apart; the last chunk says when the generation started and
                    // ended (this JVM's clock), so the orchestrator sees how much the card traffic stretched it
                    from("dingtalk-stream:bot" + credentials).routeId("bench").setBody(exchange -> aiAnswer());
                    return;
                }
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
