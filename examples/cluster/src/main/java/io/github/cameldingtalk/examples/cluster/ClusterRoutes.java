package io.github.cameldingtalk.examples.cluster;

import io.github.cameldingtalk.stream.DingTalkStreamConstants;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.apache.camel.builder.RouteBuilder;

/** The same routes in every instance: a bot that answers, and an events route with a side effect in the database. */
final class ClusterRoutes extends RouteBuilder {

    private final String instance;
    private final DataSource dataSource;

    ClusterRoutes(String instance, DataSource dataSource) {
        this.instance = instance;
        this.dataSource = dataSource;
    }

    @Override
    public void configure() {
        String common = "clientId={{dingtalk.clientId}}&clientSecret=RAW({{dingtalk.clientSecret}})"
                + "&apiUrl={{?dingtalk.apiUrl}}&idempotentRepository=#dingtalkIds&claimRepository=#dingtalkClaims";

        from("dingtalk-stream:bot?" + common).routeId("bot")
                .log("${header." + DingTalkStreamConstants.MSG_ID + "} from ${header."
                        + DingTalkStreamConstants.CONVERSATION_ID + "}")
                .setBody(simple("[" + instance + "] echo: ${body.text}"));

        from("dingtalk-stream:events?" + common).routeId("events")
                .process(exchange -> record(exchange.getMessage().getHeader(DingTalkStreamConstants.EVENT_ID, String.class)));
    }

    private void record(String eventId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO processed_events (event_id, instance) VALUES (?, ?)")) {
            insert.setString(1, eventId);
            insert.setString(2, instance);
            insert.executeUpdate();
        }
    }
}
