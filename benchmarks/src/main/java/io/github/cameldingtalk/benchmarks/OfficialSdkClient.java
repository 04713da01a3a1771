package io.github.cameldingtalk.benchmarks;

import com.dingtalk.open.app.api.GenericEventListener;
import com.dingtalk.open.app.api.callback.DingTalkStreamTopics;
import com.dingtalk.open.app.api.callback.OpenDingTalkCallbackListener;
import com.dingtalk.open.app.api.chatbot.BotReplier;
import com.dingtalk.open.app.api.models.bot.ChatbotMessage;
import com.dingtalk.open.app.api.OpenDingTalkClient;
import com.dingtalk.open.app.api.OpenDingTalkStreamClientBuilder;
import com.dingtalk.open.app.api.security.AuthClientCredential;
import com.dingtalk.open.app.stream.protocol.event.EventAckStatus;
import java.lang.reflect.Method;

/**
 * The official DingTalk Java SDK 1.3.12 with an all-events listener that returns SUCCESS, or in {@code bot} mode a
 * bot-message listener replying through {@code BotReplier}; thread settings as shipped.
 */
final class OfficialSdkClient {

    private OfficialSdkClient() {
    }

    static AutoCloseable start(String apiUrl, String clientId, String secret, String mode) throws Exception {
        boolean slow = "slow".equals(mode);
        OpenDingTalkStreamClientBuilder builder = OpenDingTalkStreamClientBuilder.custom()
                .credential(new AuthClientCredential(clientId, secret));
        if ("bot".equals(mode)) {
            // replies with the SDK's own webhook helper, on the SDK's callback threads, as its examples do
            builder.registerCallbackListener(DingTalkStreamTopics.BOT_MESSAGE_TOPIC,
                    (OpenDingTalkCallbackListener<ChatbotMessage, Void>) message -> {
                        try {
                            BotReplier.fromWebhook(message.getSessionWebhook())
                                    .replyText("You said: " + message.getText().getContent());
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        return null;
                    });
        } else {
            builder.registerAllEventListener((GenericEventListener) event -> {
                ClientMain.work(slow);
                return EventAckStatus.SUCCESS;
            });
        }
        // the only way to point the SDK at another host
        Method host = OpenDingTalkStreamClientBuilder.class.getDeclaredMethod("openApiHost", String.class);
        host.setAccessible(true);
        host.invoke(builder, apiUrl);
        OpenDingTalkClient client = builder.build();
        client.start();
        return client::stop;
    }
}
