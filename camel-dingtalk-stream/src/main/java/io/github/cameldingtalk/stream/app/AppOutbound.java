package io.github.cameldingtalk.stream.app;

import io.github.cameldingtalk.stream.openapi.AiCardScheduler;
import io.github.cameldingtalk.stream.openapi.AiCardStream;
import io.github.cameldingtalk.stream.openapi.BotReplies;
import io.github.cameldingtalk.stream.openapi.CardCalls;
import io.github.cameldingtalk.stream.openapi.OpenApiClient;
import io.github.cameldingtalk.stream.openapi.OutboundHttp;
import io.github.cameldingtalk.stream.openapi.RateLimiter;
import io.github.cameldingtalk.stream.openapi.RetryPolicy;
import io.github.cameldingtalk.stream.openapi.SessionWebhookClient;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * What goes out of one app: its OpenAPI client (one access token, one rate limit per API) and the scheduler of its
 * live AI cards, made by the first endpoint that calls; and the handles consumers and producers use.
 */
final class AppOutbound {

    private final OpenApiClient api;
    private final AiCardScheduler aiCards;
    private final String clientSecret;

    AppOutbound(OutboundHttp http, String apiUrl, String clientId, OutboundSettings settings,
            ScheduledExecutorService scheduler) {
        this.clientSecret = settings.clientSecret();
        this.api = new OpenApiClient(http, apiUrl, clientId, settings.clientSecret(),
                new RateLimiter(settings.apiRateLimit(), scheduler),
                new RetryPolicy(settings.apiMaxAttempts(), settings.apiTimeout(), Duration.ofMillis(500)), scheduler);
        this.aiCards = new AiCardScheduler(api, new CardCalls(api, clientId), scheduler, settings.apiRateLimit());
    }

    boolean madeWith(OutboundSettings settings) {
        return clientSecret.equals(settings.clientSecret());
    }

    OpenApiOperations operations(String robotCode) {
        return new OpenApiOperations(api, robotCode);
    }

    AiCardStreams aiCardStreams(AiCardSettings settings) {
        return new AiCardStreams(new AiCardStream(new CardCalls(api, settings.robotCode()), aiCards,
                settings.templateId(), settings.contentKey(), settings.updateInterval()));
    }

    /** @param openApi null when the fallback is off; else how to reach this (made lazily, on the first expiry) */
    static ReplySender replySender(OutboundHttp http, ReplySettings settings, ScheduledExecutorService scheduler,
            Supplier<AppOutbound> openApi) {
        SessionWebhookClient webhook = new SessionWebhookClient(http.replies(settings.slots()), scheduler,
                new RetryPolicy(settings.maxAttempts(), settings.timeout(), settings.retryDelay()));
        return new ReplySender(new BotReplies(webhook, settings.fallback() ? () -> openApi.get().api : null,
                settings.robotCode()));
    }

    AiCardFigures aiCardFigures() {
        return new AiCardFigures(aiCards.liveCards(), aiCards.updatesSent(), aiCards.textsCoalesced(),
                aiCards.qpsLimitAnswers());
    }
}
