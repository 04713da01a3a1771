package io.github.cameldingtalk.stream.app;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * How the app's OpenAPI client calls DingTalk: the first endpoint of an app that calls makes the client (one access
 * token and one rate limit per API for the whole app). The secret is compared, never printed.
 *
 * @param okHttpClient  the user's client, or null for the component's own
 * @param apiRateLimit  calls per second per API, 0 for none
 * @param apiMaxAttempts attempts at most for a call DingTalk did not process
 * @param apiTimeout    the deadline of a call, its attempts included
 */
public record OutboundSettings(String clientSecret, OkHttpClient okHttpClient, double apiRateLimit, int apiMaxAttempts,
        Duration apiTimeout) {

    @Override
    public String toString() {
        return "OutboundSettings[apiRateLimit=" + apiRateLimit + ", apiMaxAttempts=" + apiMaxAttempts + ", apiTimeout="
                + apiTimeout + "]";
    }
}
