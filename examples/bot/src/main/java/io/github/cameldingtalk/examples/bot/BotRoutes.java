package io.github.cameldingtalk.examples.bot;

import io.github.cameldingtalk.stream.DingTalkStreamConstants;
import io.github.cameldingtalk.stream.model.DingTalkCardCallback;
import io.github.cameldingtalk.stream.model.DingTalkCardResponse;
import org.apache.camel.builder.RouteBuilder;

/**
 * The bot. Credentials are component options (application.properties), so the URIs hold none.
 */
public class BotRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("dingtalk-stream:bot").routeId("bot")
                .bean(BotBrain.class, "answer");

        from("dingtalk-stream:card").routeId("card")
                .process(exchange -> {
                    DingTalkCardCallback click = exchange.getIn().getBody(DingTalkCardCallback.class);
                    String decision = String.valueOf(click.getParams().getOrDefault("action", "unknown"));
                    exchange.getMessage().setBody(DingTalkCardResponse.create()
                            .cardData("status", decision + " by " + click.getUserId())
                            .privateData("youClicked", decision));
                });

        from("dingtalk-stream:events").routeId("events")
                .log("Event ${header." + DingTalkStreamConstants.EVENT_TYPE + "}: ${body.data}");
    }
}
