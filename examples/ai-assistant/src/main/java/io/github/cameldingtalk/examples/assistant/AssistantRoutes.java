package io.github.cameldingtalk.examples.assistant;

import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.github.cameldingtalk.stream.model.DingTalkBotMessage;
import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;

/**
 * One route: a DingTalk bot message in, the model's tokens out — the component streams them into an AI card.
 * {@code /reset} forgets the conversation. Messages a person types in a burst reach the model as one question
 * ({@code mergeBursts}, {@code mergeWindow} in application.properties).
 */
public class AssistantRoutes extends RouteBuilder {


    @Override
    public void configure() {
        Assistant assistant = new Assistant(OpenAiStreamingChatModel.builder()
                .baseUrl(setting("assistant.baseUrl"))
                .apiKey(setting("assistant.apiKey"))
                .modelName(setting("assistant.model"))
                .timeout(Duration.parse("PT" + setting("assistant.timeout").toUpperCase()))
                .build(),
                setting("assistant.systemPrompt"), Integer.parseInt(setting("assistant.memoryMessages")),
                Integer.parseInt(setting("assistant.conversations")));

        from("dingtalk-stream:bot").routeId("assistant")
                .choice()
                    .when(exchange -> "/reset".equals(exchange.getIn().getBody(DingTalkBotMessage.class).getText()))
                        .process(exchange -> assistant.forget(
                                exchange.getIn().getBody(DingTalkBotMessage.class).getConversationId()))
                        .setBody(constant("I forgot what we said in this chat."))
                    .otherwise()
                        .process(exchange -> exchange.getMessage().setBody(
                                assistant.answer(exchange.getIn().getBody(DingTalkBotMessage.class))))
                .end();
    }

    private String setting(String name) {
        return getContext().getPropertiesComponent().resolveProperty(name)
                .orElseThrow(() -> new IllegalArgumentException("Set " + name + " (application.properties)"));
    }
}
