package io.github.cameldingtalk.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One {@code POST /v1.0/gateway/connections/open} call as the simulator saw it. The secret itself is not kept.
 *
 * @param clientId      the clientId sent, may be null
 * @param subscriptions the subscriptions sent
 * @param ua            the {@code ua} field, may be null
 * @param localIp       the {@code localIp} field, may be null
 * @param extras        the {@code extras} field, may be null
 * @param accept        the request's {@code Accept} header
 * @param userAgent     the request's {@code User-Agent} header
 * @param status        the HTTP status answered
 * @param ticketIssued  whether a ticket was handed out
 * @param at            when it arrived
 */
public record OpenRequest(String clientId, List<Subscription> subscriptions, String ua, String localIp,
        Map<String, Object> extras, String accept, String userAgent, int status, boolean ticketIssued, Instant at) {

    /** One entry of {@code subscriptions}: type EVENT, CALLBACK or SYSTEM, and a topic. */
    public record Subscription(String type, String topic) {
    }
}
