package io.github.cameldingtalk.stream.openapi;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cameldingtalk.simulator.ApiCall;
import io.github.cameldingtalk.simulator.DingTalkSimulator;
import io.github.cameldingtalk.simulator.DingTalkSimulatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The access-token cache on its own, without Camel, against tokens that live 2 s. */
class AccessTokenCacheTest {

    @RegisterExtension
    static DingTalkSimulatorExtension dingtalk = DingTalkSimulatorExtension.withApp("dingtoken", "token-secret")
            .options(o -> o.accessTokenTtl(Duration.ofSeconds(2)));

    private static final String TOKEN_PATH = "/v1.0/oauth2/accessToken";

    @Test
    void oneFetchServesEveryoneAndTheTokenIsRefreshedBeforeItExpires(DingTalkSimulator sim) {
        AccessTokenCache cache = new AccessTokenCache(new OkHttpClient(), sim.apiUrl(), "dingtoken", "token-secret");
        List<String> tokens = java.util.stream.IntStream.range(0, 50).parallel().mapToObj(i -> cache.get().join())
                .distinct().toList();
        assertEquals(1, tokens.size());
        assertEquals(1, sim.apiCalls(TOKEN_PATH).size(), "one request however many callers");

        // refreshed ahead: half its life (1 s) before the 2 s token expires, a new fetch is made
        await().atMost(Duration.ofSeconds(3)).until(() -> {
            cache.get().join();
            return sim.apiCalls(TOKEN_PATH).size() >= 2;
        });
        ApiCall first = sim.apiCalls(TOKEN_PATH).get(0);
        ApiCall refresh = sim.apiCalls(TOKEN_PATH).get(1);
        assertTrue(Duration.between(first.at(), refresh.at()).toMillis() < 2000, "before the first one expired");
    }

    @Test
    void anInvalidatedTokenIsReplacedAndWrongCredentialsFailClearly(DingTalkSimulator sim) {
        AccessTokenCache cache = new AccessTokenCache(new OkHttpClient(), sim.apiUrl(), "dingtoken", "token-secret");
        String token = cache.get().join();
        sim.expireAccessTokens();
        cache.invalidate(token);
        assertNotEquals(token, cache.get().join());

        AccessTokenCache wrong = new AccessTokenCache(new OkHttpClient(), sim.apiUrl(), "dingtoken", "nope");
        CompletionException failure = assertThrows(CompletionException.class, () -> wrong.get().join());
        DingTalkApiException refused = assertInstanceOf(DingTalkApiException.class, failure.getCause());
        assertEquals(400, refused.getStatusCode());
        assertEquals("invalidClientIdOrSecret", refused.getCode());
        assertTrue(!refused.getMessage().contains("nope"), "no secret in the message");
    }
}
