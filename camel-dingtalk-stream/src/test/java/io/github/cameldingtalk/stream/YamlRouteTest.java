package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cameldingtalk.simulator.BotMessage;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/** A route declared in YAML DSL, with the credentials as parameters, loads and answers. */
class YamlRouteTest extends DingTalkStreamTestSupport {

    @Test
    void aYamlRouteAnswersBotMessages() throws Exception {
        context.getPropertiesComponent().addInitialProperty("dt.id", CLIENT_ID);
        context.getPropertiesComponent().addInitialProperty("dt.secret", SECRET);
        context.getPropertiesComponent().addInitialProperty("dt.api", sim().apiUrl());
        String yaml = """
                - route:
                    id: yaml-bot
                    from:
                      uri: dingtalk-stream:bot
                      parameters:
                        clientId: "{{dt.id}}"
                        clientSecret: "{{dt.secret}}"
                        apiUrl: "{{dt.api}}"
                      steps:
                        - setBody:
                            simple: "YAML says: ${body.text}"
                """;
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("bot.yaml", yaml));
        awaitConnections(1);
        assertEquals(200, sim().pushBotMessage(CLIENT_ID, BotMessage.text("你好")).awaitAck(TIMEOUT).code());
        await().atMost(TIMEOUT).until(() -> !sim().botReplies().isEmpty());
        assertEquals("YAML says: 你好", sim().botReplies().get(0).text());
    }
}
