package io.github.cameldingtalk.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cameldingtalk.simulator.OpenRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code POST /v1.0/gateway/connections/open}: validates, records, and hands out single-use tickets. */
public final class OpenConnections {

    private final Apps apps;
    private final Tickets tickets;
    private final Faults faults;
    private final Supplier<String> gatewayUrl;
    private final Clock clock;
    private final Records<OpenRequest> requests;

    public OpenConnections(Apps apps, Tickets tickets, Faults faults, Supplier<String> gatewayUrl, Clock clock,
            int maxRecords) {
        this.requests = new Records<>(maxRecords);
        this.apps = apps;
        this.tickets = tickets;
        this.faults = faults;
        this.gatewayUrl = gatewayUrl;
        this.clock = clock;
    }

    HttpApi.Reply open(JsonNode body, String accept, String userAgent) {
        String clientId = Json.text(body, "clientId");
        List<OpenRequest.Subscription> subscriptions = new ArrayList<>();
        JsonNode subs = body == null ? null : body.get("subscriptions");
        if (subs != null && subs.isArray()) {
            for (JsonNode s : subs) {
                subscriptions.add(new OpenRequest.Subscription(Json.text(s, "type"), Json.text(s, "topic")));
            }
        }
        HttpApi.Reply reply;
        Faults.Failure fault;
        if (body == null || !body.isObject()) {
            reply = HttpApi.error(400, "InvalidParameter", "the body must be a JSON object");
        } else if ((fault = faults.takeOpenFailure()) != null) {
            reply = HttpApi.error(fault.status(), fault.status() == 429 ? "Throttling" : "ServiceUnavailable",
                    fault.errmsg());
        } else {
            reply = validateAndIssue(body, clientId, subscriptions);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> extras = body != null && body.get("extras") != null && body.get("extras").isObject()
                ? Json.MAPPER.convertValue(body.get("extras"), Map.class) : null;
        requests.add(new OpenRequest(clientId, List.copyOf(subscriptions), Json.text(body, "ua"),
                Json.text(body, "localIp"), extras, accept, userAgent, reply.status(), reply.status() == 200,
                clock.instant()));
        return reply;
    }

    private HttpApi.Reply validateAndIssue(JsonNode body, String clientId, List<OpenRequest.Subscription> subscriptions) {
        String secret = Json.text(body, "clientSecret");
        if (clientId == null || clientId.isEmpty()) {
            return HttpApi.error(400, "MissingClientId", "clientId is mandatory for this action.");
        }
        if (secret == null || secret.isEmpty()) {
            return HttpApi.error(400, "MissingClientSecret", "clientSecret is mandatory for this action.");
        }
        JsonNode subs = body.get("subscriptions");
        if (subs == null || !subs.isArray() || subs.isEmpty()) {
            return HttpApi.error(400, "MissingSubscriptions", "subscriptions is mandatory for this action.");
        }
        for (OpenRequest.Subscription s : subscriptions) {
            if (s.type() == null || s.topic() == null || !List.of("EVENT", "CALLBACK", "SYSTEM").contains(s.type())) {
                return HttpApi.error(400, "InvalidSubscription",
                        "each subscription needs type EVENT, CALLBACK or SYSTEM and a topic");
            }
            if ("EVENT".equals(s.type()) && !"*".equals(s.topic())) {
                return HttpApi.error(400, "InvalidSubscription", "EVENT subscriptions only support the topic *");
            }
        }
        JsonNode extras = body.get("extras");
        if (extras != null && !extras.isNull() && !extras.isObject()) {
            return HttpApi.error(400, "InvalidParameter", "extras must be an object or null");
        }
        if (!apps.accepts(clientId, secret)) {
            return HttpApi.error(401, "authFailed", "鉴权失败");
        }
        String ticket = tickets.issue(clientId, List.copyOf(subscriptions));
        return new HttpApi.Reply(200, Json.object().put("endpoint", gatewayUrl.get()).put("ticket", ticket));
    }

    public long droppedRecords() {
        return requests.dropped();
    }

    public List<OpenRequest> requests() {
        return requests.list();
    }

    public void clear() {
        requests.clear();
    }
}
