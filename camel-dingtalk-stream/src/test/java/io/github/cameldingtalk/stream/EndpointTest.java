package io.github.cameldingtalk.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.spi.EndpointUriFactory;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

class EndpointTest extends DingTalkStreamTestSupport {

    @Test
    void missingCredentialsFailAtEndpointCreationNamingTheOption() {
        ResolveEndpointFailedException noId = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("dingtalk-stream:bot?clientSecret=x"));
        assertTrue(noId.getCause().getMessage().contains("clientId"), noId.getCause().getMessage());
        ResolveEndpointFailedException noSecret = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("dingtalk-stream:bot?clientId=x"));
        assertTrue(noSecret.getCause().getMessage().contains("clientSecret"), noSecret.getCause().getMessage());
    }

    @Test
    void badTopicsAndMisplacedOptionsAreRefusedClearly() {
        assertTrue(assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("dingtalk-stream:chat?clientId=a&clientSecret=b")).getCause().getMessage()
                .contains("bot, card, events"));
        assertTrue(assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("dingtalk-stream:bot?clientId=a&clientSecret=b&eventTypes=x")).getCause()
                .getMessage().contains("eventTypes"));
        assertTrue(assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("dingtalk-stream:bot?clientId=a&clientSecret=b&maxConcurrency=0")).getCause()
                .getMessage().contains("maxConcurrency"));
    }

    @Test
    void topicsResolveFromAliasesAndPaths() {
        assertEquals(DingTalkStreamTopic.BOT_TOPIC, endpoint("dingtalk-stream:bot").getTopic().topic());
        assertEquals(DingTalkStreamTopic.Kind.CARD, endpoint("dingtalk-stream:card").getTopic().kind());
        assertEquals("*", endpoint("dingtalk-stream:events").getTopic().topic());
        assertEquals(DingTalkStreamTopic.Kind.BOT, endpoint("dingtalk-stream:/v1.0/im/bot/messages/get").getTopic().kind());
        assertEquals("/v1.0/graph/api/invoke", endpoint("dingtalk-stream://v1.0/graph/api/invoke").getTopic().topic());
        assertEquals(DingTalkStreamTopic.Kind.CALLBACK, endpoint("dingtalk-stream:/v1.0/graph/api/invoke").getTopic().kind());
    }

    @Test
    void theSecretIsMaskedAndOptionsAreBound() {
        DingTalkStreamEndpoint endpoint = (DingTalkStreamEndpoint) context.getEndpoint(
                "dingtalk-stream:events?clientId=dingx&clientSecret=RAW(" + SECRET + ")&eventTypes=a,b&maxConcurrency=8"
                        + "&reconnectInitialDelay=2s&reconnectMaxDelay=1m&pingInterval=15s");
        assertFalse(endpoint.toString().contains(SECRET), endpoint.toString());
        DingTalkStreamConfiguration configuration = endpoint.getConfiguration();
        assertEquals(SECRET, configuration.getClientSecret());
        assertEquals(java.util.Set.of("a", "b"), configuration.eventTypeSet());
        assertEquals(8, configuration.getMaxConcurrency());
        assertEquals(2000, configuration.getReconnectInitialDelay());
        assertEquals(60000, configuration.getReconnectMaxDelay());
        assertEquals(15000, configuration.getPingInterval());
        assertEquals("https://api.dingtalk.com", configuration.getApiUrl());
    }

    @Test
    void componentConfigurationIsCopiedIntoEachEndpoint() {
        DingTalkStreamComponent component = context.getComponent("dingtalk-stream", DingTalkStreamComponent.class);
        component.getConfiguration().setClientId("fromComponent");
        component.getConfiguration().setClientSecret("componentSecret");
        component.getConfiguration().setMaxConcurrency(5);
        DingTalkStreamEndpoint a = (DingTalkStreamEndpoint) context.getEndpoint("dingtalk-stream:bot");
        DingTalkStreamEndpoint b = (DingTalkStreamEndpoint) context.getEndpoint("dingtalk-stream:card?maxConcurrency=9");
        assertEquals("fromComponent", a.getConfiguration().getClientId());
        assertEquals(5, a.getConfiguration().getMaxConcurrency());
        assertEquals(9, b.getConfiguration().getMaxConcurrency());
        assertEquals(5, component.getConfiguration().getMaxConcurrency(), "endpoints do not write back");
    }

    @Test
    void urlsAreParsedWholeAtEndpointCreationNamingTheOption() {
        for (String option : new String[] {"apiUrl", "oapiUrl"}) {
            for (String bad : new String[] {"http://", "https://exa mple.com", "http://host:99999"}) {
                Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                        () -> endpoint("dingtalk-stream:bot?" + option + "=" + bad));
                Throwable cause = e;
                while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
                    cause = cause.getCause();
                }
                assertTrue(cause.getMessage().contains("option " + option), cause.getMessage());
            }
        }
    }

    @Test
    void generatedConfigurersAndUriFactoryAreUsed() throws Exception {
        assertNotNull(PluginHelper.getConfigurerResolver(context).resolvePropertyConfigurer("dingtalk-stream-endpoint", context));
        assertNotNull(PluginHelper.getConfigurerResolver(context).resolvePropertyConfigurer("dingtalk-stream-component", context));
        EndpointUriFactory factory = context.getCamelContextExtension().getEndpointUriFactory("dingtalk-stream");
        String uri = factory.buildUri("dingtalk-stream", Map.of("topic", "bot", "clientId", "id", "clientSecret", "a+b&c"));
        assertTrue(uri.contains("clientSecret=RAW(a+b&c)"), uri);
        assertTrue(factory.secretPropertyNames().contains("clientSecret"));
    }

    @Test
    void theSameEndpointAlsoProduces() throws Exception {
        org.junit.jupiter.api.Assertions.assertInstanceOf(
                io.github.cameldingtalk.stream.producer.DingTalkStreamProducer.class,
                endpoint("dingtalk-stream:bot").createProducer());
    }

    @Test
    void logsAreCapturedSoTheSecretCheckMeansSomething() {
        context.getEndpoint("dingtalk-stream:bot?clientId=a&clientSecret=RAW(" + SECRET + ")");
        assertFalse(CapturedLogs.lines().isEmpty());
    }

    private DingTalkStreamEndpoint endpoint(String uri) {
        return (DingTalkStreamEndpoint) context.getEndpoint(uri + (uri.contains("?") ? "&" : "?") + "clientId=a&clientSecret=b");
    }
}
