package io.github.cameldingtalk.stream.openapi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which sessionWebhook answers are worth another attempt. */
class WebhookAnswerTest {

    @Test
    void throttlingServerErrorsAndSilenceAreRetriedRefusalsAreNot() {
        assertTrue(new WebhookAnswer(200, 0, "ok", false).isSuccess());
        assertTrue(WebhookAnswer.io("reset").isTransient());
        assertTrue(new WebhookAnswer(503, -1, "", false).isTransient());
        assertTrue(new WebhookAnswer(429, -1, "", false).isTransient());
        assertTrue(new WebhookAnswer(403, -1, "Forbidden.AccessDenied.QpsLimitForApi", false).isTransient());
        assertTrue(new WebhookAnswer(200, 90018, "qps", false).isTransient());
        assertTrue(new WebhookAnswer(200, 90002, "qps", false).isTransient());
        assertTrue(new WebhookAnswer(200, -1, "系统繁忙", false).isTransient());
        assertFalse(new WebhookAnswer(200, 300001, "session 不存在", false).isTransient());
        assertFalse(new WebhookAnswer(200, 40035, "缺少参数 json", false).isTransient());
        assertFalse(new WebhookAnswer(400, -1, "", false).isTransient());
        assertFalse(new WebhookAnswer(403, -1, "Forbidden.AccessDenied.AccessTokenPermissionDenied", false)
                .isTransient());
    }
}
