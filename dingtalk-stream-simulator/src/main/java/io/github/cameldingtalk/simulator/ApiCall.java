package io.github.cameldingtalk.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A call to one of the side APIs (sessionWebhook, access token, robot messages, files, cards).
 *
 * @param method      HTTP method
 * @param path        request path
 * @param query       raw query string, may be null
 * @param accessToken the {@code x-acs-dingtalk-access-token} header, may be null
 * @param body        the JSON body, or null when it was not JSON
 * @param status      HTTP status answered
 * @param response    the JSON answered
 * @param at          when it arrived
 */
public record ApiCall(String method, String path, String query, String accessToken, JsonNode body, int status,
        JsonNode response, Instant at) {
}
