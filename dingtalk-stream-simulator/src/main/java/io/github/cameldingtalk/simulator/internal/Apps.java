package io.github.cameldingtalk.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The registered apps (clientId, clientSecret) and the access tokens handed out to them. */
public final class Apps {

    record App(String clientId, String clientSecret, String appId) {
    }

    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    /** The token each app holds now: asked again while it is valid, DingTalk hands out the same one. */
    private final Map<String, String> currentToken = new ConcurrentHashMap<>();
    private final Duration accessTokenTtl;
    private final Clock clock;

    public Apps(Duration accessTokenTtl, Clock clock) {
        this.accessTokenTtl = accessTokenTtl;
        this.clock = clock;
    }

    /** Registers an app, or replaces its secret (its appId stays). */
    public void register(String clientId, String clientSecret) {
        apps.compute(clientId, (id, previous) -> new App(id, clientSecret,
                previous != null ? previous.appId() : UUID.randomUUID().toString()));
    }

    /** The registered clientIds. */
    public java.util.List<String> clientIds() {
        return java.util.List.copyOf(apps.keySet());
    }

    public void remove(String clientId) {
        apps.remove(clientId);
    }

    boolean exists(String clientId) {
        return apps.containsKey(clientId);
    }

    boolean accepts(String clientId, String clientSecret) {
        App app = clientId == null ? null : apps.get(clientId);
        return app != null && app.clientSecret().equals(clientSecret);
    }

    /** The appId DingTalk puts in frame headers; empty for an unknown app. */
    public String appId(String clientId) {
        App app = apps.get(clientId);
        return app == null ? "" : app.appId();
    }

    /** The corpId of the app's organisation, as events and card callbacks carry it. */
    public static String corpId(String clientId) {
        return "ding" + Integer.toHexString(clientId.hashCode());
    }

    /** {@code POST /v1.0/oauth2/accessToken}. */
    HttpApi.Reply accessToken(JsonNode body) {
        String appKey = Json.text(body, "appKey");
        if (!accepts(appKey, Json.text(body, "appSecret"))) {
            return HttpApi.error(400, "invalidClientIdOrSecret", "无效的clientId或者clientSecret");
        }
        Instant now = clock.instant();
        String token = currentToken.compute(appKey, (key, held) -> held != null && isValidAccessToken(held) ? held
                : newToken(now));
        long expireIn = (Duration.between(now, accessTokens.get(token)).toMillis() + 999) / 1000;
        return new HttpApi.Reply(200, Json.object().put("accessToken", token).put("expireIn", expireIn));
    }

    private String newToken(Instant now) {
        String token = UUID.randomUUID().toString().replace("-", "");
        accessTokens.put(token, now.plus(accessTokenTtl));
        return token;
    }

    boolean isValidAccessToken(String token) {
        Instant expiry = token == null ? null : accessTokens.get(token);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    /** The app (clientId) an access token was issued to, null when unknown. */
    String appOfToken(String token) {
        for (Map.Entry<String, String> issued : currentToken.entrySet()) {
            if (issued.getValue().equals(token)) {
                return issued.getKey();
            }
        }
        return null;
    }

    /** Every access token handed out so far is refused from now on. */
    public void expireAccessTokens() {
        accessTokens.replaceAll((token, expiry) -> Instant.EPOCH);
    }
}
