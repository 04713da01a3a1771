package io.github.cameldingtalk.examples.springboot;

import io.github.cameldingtalk.stream.model.DingTalkMessage;
import io.github.cameldingtalk.stream.model.DingTalkReply;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The bot's routes, a bean like any other; the credentials are component options in application.yml. */
@Component
public class BotRoutes extends RouteBuilder {

    @Value("${bot.announce-conversation:}")
    private String announceConversation;

    @Value("${bot.announce-period:1h}")
    private String announcePeriod;

    @Override
    public void configure() {
        from("dingtalk-stream:bot").routeId("bot")
                .choice()
                    .when(simple("${body.text} == 'help'"))
                        .setBody(exchange -> DingTalkReply.markdown("Spring Boot bot", "I echo what you write."))
                    .otherwise()
                        .setBody(simple("You said: ${body.text}"))
                .end();

        if (!announceConversation.isBlank()) {
            // talking first: a proactive message on a schedule, through DingTalk's OpenAPI
            from("timer:announce?period=" + announcePeriod).routeId("announce")
                    .setBody(exchange -> DingTalkMessage.markdown("Hourly", "The bot is **up**.")
                            .toConversation(announceConversation))
                    .to("dingtalk-stream:bot");
        }
    }
}
