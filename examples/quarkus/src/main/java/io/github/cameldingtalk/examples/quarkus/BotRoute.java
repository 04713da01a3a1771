package io.github.cameldingtalk.examples.quarkus;

import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import org.apache.camel.builder.RouteBuilder;

/** Camel Quarkus discovers this RouteBuilder; the credentials come from application.properties. */
public class BotRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("dingtalk-stream:bot").routeId("quarkus-bot")
                .process(exchange -> {
                    DingTalkBotMessage message = exchange.getIn().getBody(DingTalkBotMessage.class);
                    exchange.getMessage().setBody("Quarkus bot heard: " + message.getText());
                });
    }
}
