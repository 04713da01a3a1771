package io.github.cameldingtalk.examples.bot;

import io.github.cameldingtalk.stream.DingTalkStreamConstants;
import io.github.cameldingtalk.stream.model.DingTalkCard;
import io.github.cameldingtalk.stream.model.DingTalkCardCallback;
import io.github.cameldingtalk.stream.model.DingTalkCardResponse;
import io.github.cameldingtalk.stream.model.DingTalkMessage;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The bot. Credentials are component options (application.properties), so the URIs hold none.
 */
public class BotRoutes extends RouteBuilder {

    /** The leave-request card template (made in DingTalk's card platform). */
    static final String LEAVE_CARD_TEMPLATE = "leave-request.schema";

    @Override
    public void configure() {
        from("dingtalk-stream:bot").routeId("bot")
                .choice()
                    // a card into this conversation; its clicks come to the "card" route below
                    .when(simple("${body.text} == 'leave'"))
                        .setBody(exchange -> DingTalkCard.of(LEAVE_CARD_TEMPLATE).data("title", "请假申请")
                                .data("days", 2).data("status", "待审批"))
                        .to("dingtalk-stream:card")
                    // a file the bot makes: uploaded, then sent into this conversation
                    .when(simple("${body.text} == 'report'"))
                        .bean(BotBrain.class, "weeklyReport")
                        .setHeader(Exchange.FILE_NAME, constant("weekly-report.txt"))
                        .to("dingtalk-stream:bot?operation=uploadMedia")
                        .setBody(exchange -> DingTalkMessage.file(exchange.getMessage()
                                .getHeader(DingTalkStreamConstants.MEDIA_ID, String.class), "weekly-report.txt", "txt"))
                        .to("dingtalk-stream:bot")
                    // an AI answer streamed into a card as it is generated
                    .when(simple("${body.text} startsWith 'ai '"))
                        .bean(FakeLlm.class, "answer")
                    .otherwise()
                        .bean(BotBrain.class, "answer")
                .end();

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

        // talking first: a proactive message to a group, e.g. from a scheduler or another system
        from("direct:announce").routeId("announce")
                .setBody(exchange -> DingTalkMessage.markdown("Announcement", exchange.getIn().getBody(String.class))
                        .toConversation(exchange.getIn().getHeader(DingTalkStreamConstants.OPEN_CONVERSATION_ID,
                                String.class)))
                .to("dingtalk-stream:bot");
    }
}
