package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cameldingtalk.simulator.BotMessage;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A route declared in YAML DSL, with the credentials as parameters, loads and answers. */
class YamlRouteTest extends DingTalkStreamTestSupport {

    @BeforeEach
    void credentialsAsProperties() {
        context.getPropertiesComponent().addInitialProperty("dt.id", CLIENT_ID);
        context.getPropertiesComponent().addInitialProperty("dt.secret", SECRET);
        context.getPropertiesComponent().addInitialProperty("dt.api", sim().apiUrl());
    }

    @Test
    void aYamlRouteAnswersBotMessages() throws Exception {
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

    @Test
    void aYamlRouteDeclaresItsSharedRepositoriesAsBeans() throws Exception {
        org.h2.jdbcx.JdbcDataSource db = new org.h2.jdbcx.JdbcDataSource();
        db.setURL("jdbc:h2:mem:yaml-claims-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        context.getRegistry().bind("myDataSource", db);
        // the credentials on the component this time (camel.component.dingtalk-stream.* in Camel Main or JBang)
        DingTalkStreamConfiguration credentials = context.getComponent("dingtalk-stream", DingTalkStreamComponent.class)
                .getConfiguration();
        credentials.setClientId(CLIENT_ID);
        credentials.setClientSecret(SECRET);
        credentials.setApiUrl(sim().apiUrl());
        String yaml = """
                - beans:
                    - name: dingtalkIds
                      type: org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository
                      constructors:
                        0: "#bean:myDataSource"
                        1: yaml-bot
                    - name: dingtalkClaims
                      type: io.github.cameldingtalk.stream.cluster.JdbcClaimRepository
                      properties:
                        dataSource: "#bean:myDataSource"
                        maxAgeMillis: 30000
                - route:
                    id: yaml-cluster-bot
                    from:
                      uri: dingtalk-stream:bot
                      parameters:
                        idempotentRepository: "#dingtalkIds"
                        claimRepository: "#dingtalkClaims"
                      steps:
                        - setBody:
                            simple: "once: ${body.text}"
                """;
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("cluster.yaml", yaml));
        awaitConnections(1);
        io.github.cameldingtalk.simulator.Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text("hi"));
        assertEquals(200, delivery.awaitAck(TIMEOUT).code());
        sim().duplicate(delivery.messageId());
        await().atMost(TIMEOUT).until(() -> delivery.acks().size() == 2);
        assertEquals(java.util.List.of("once: hi"), sim().botReplies().stream().map(r -> r.text()).toList());
        try (java.sql.Connection c = db.getConnection(); java.sql.ResultSet rows = c.createStatement()
                .executeQuery("SELECT count(*) FROM DINGTALK_CLAIMS")) {
            rows.next();
            assertEquals(0, rows.getInt(1), "the claim table exists (made at start) and the done message's claim is gone");
        }
    }
}
