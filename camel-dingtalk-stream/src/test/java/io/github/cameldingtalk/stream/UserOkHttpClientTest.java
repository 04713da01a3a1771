package io.github.cameldingtalk.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.BotMessage;
import io.github.cameldingtalk.simulator.Delivery;
import io.github.cameldingtalk.stream.openapi.DingTalkOutcomeUnknownException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/**
 * A user's own OkHttpClient (the one in the registry) carries every call of the app with its own interceptors, and
 * still never posts a reply twice: OkHttp's own retry is off for replies whatever the user's client says.
 */
class UserOkHttpClientTest extends DingTalkStreamTestSupport {

    private final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) throws Exception {
        super.bindToRegistry(registry);
        registry.bind("myHttp", new OkHttpClient.Builder().retryOnConnectionFailure(true)
                .addInterceptor(chain -> {
                    seen.add(chain.request().url().encodedPath());
                    return chain.proceed(chain.request());
                }).build());
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("bot", "okHttpClient=#myHttp")).routeId("bot").setBody(simple("You said: ${body.text}"));
            }
        };
    }

    @Test
    void theUsersClientCarriesTheCallsAndAReplyIsStillNeverPostedTwice() throws Exception {
        awaitConnections(1);
        assertTrue(seen.contains("/v1.0/gateway/connections/open"), seen.toString());
        Delivery delivery = sim().pushBotMessage(CLIENT_ID, BotMessage.text("mine"));
        assertEquals(200, delivery.awaitAck(TIMEOUT).code());
        assertTrue(seen.contains("/robot/sendBySession"), seen.toString());

        sim().dropAfterAccepting("/robot/sendBySession", 1);
        Delivery dropped = sim().pushBotMessage(CLIENT_ID, BotMessage.text("once"));
        assertEquals(200, dropped.awaitAck(TIMEOUT).code());
        await().atMost(TIMEOUT).until(() -> !recorder.errors.isEmpty());
        assertInstanceOf(DingTalkOutcomeUnknownException.class, recorder.errors.get(0));
        assertEquals(2, sim().apiCalls("/robot/sendBySession").size(), "one post each, none repeated by OkHttp");
    }
}
