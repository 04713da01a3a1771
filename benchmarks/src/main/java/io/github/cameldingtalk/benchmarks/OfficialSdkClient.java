package io.github.cameldingtalk.benchmarks;

import com.dingtalk.open.app.api.GenericEventListener;
import com.dingtalk.open.app.api.OpenDingTalkClient;
import com.dingtalk.open.app.api.OpenDingTalkStreamClientBuilder;
import com.dingtalk.open.app.api.security.AuthClientCredential;
import com.dingtalk.open.app.stream.protocol.event.EventAckStatus;
import java.lang.reflect.Method;

/** The official DingTalk Java SDK 1.3.12 with an all-events listener that returns SUCCESS, thread settings as shipped. */
final class OfficialSdkClient {

    private OfficialSdkClient() {
    }

    static AutoCloseable start(String apiUrl, String clientId, String secret, boolean slow) throws Exception {
        OpenDingTalkStreamClientBuilder builder = OpenDingTalkStreamClientBuilder.custom()
                .credential(new AuthClientCredential(clientId, secret))
                .registerAllEventListener((GenericEventListener) event -> {
                    ClientMain.work(slow);
                    return EventAckStatus.SUCCESS;
                });
        // the only way to point the SDK at another host
        Method host = OpenDingTalkStreamClientBuilder.class.getDeclaredMethod("openApiHost", String.class);
        host.setAccessible(true);
        host.invoke(builder, apiUrl);
        OpenDingTalkClient client = builder.build();
        client.start();
        return client::stop;
    }
}
