package io.github.cameldingtalk.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Card instances by outTrackId: create, deliver, update, stream, and the older interactive cards. */
public final class CardApi {

    private final Map<String, ObjectNode> cards = new ConcurrentHashMap<>();

    HttpApi.Reply create(JsonNode body) {
        String outTrackId = Json.text(body, "outTrackId");
        merge(outTrackId, body);
        return new HttpApi.Reply(200, Json.object().put("success", true).put("result", outTrackId));
    }

    /** {@code deliver} (the card must exist) or {@code createAndDeliver}. */
    HttpApi.Reply deliver(JsonNode body, boolean create) {
        String outTrackId = Json.text(body, "outTrackId");
        if (!create && !cards.containsKey(outTrackId)) {
            return HttpApi.error(400, "InvalidParameter", "no card instance " + outTrackId);
        }
        merge(outTrackId, body);
        ObjectNode answer = Json.object().put("success", true);
        answer.putObject("result").put("outTrackId", outTrackId).putArray("deliverResults").addObject()
                .put("spaceId", Json.text(body, "openSpaceId")).put("success", true);
        return new HttpApi.Reply(200, answer);
    }

    /** {@code PUT /v1.0/card/instances} (merge the card data) or {@code PUT /v1.0/card/streaming} (one key). */
    HttpApi.Reply update(JsonNode body, boolean streaming) {
        String outTrackId = Json.text(body, "outTrackId");
        ObjectNode card = cards.get(outTrackId);
        if (card == null) {
            return HttpApi.error(400, "InvalidParameter", "no card instance " + outTrackId);
        }
        if (streaming) {
            synchronized (card) {
                card.put(Json.text(body, "key"), Json.text(body, "content"));
            }
        } else {
            merge(outTrackId, body);
        }
        return new HttpApi.Reply(200, Json.object().put("success", true).put("result", true));
    }

    /** The current {@code cardParamMap} of a card instance. */
    public Optional<JsonNode> cardData(String outTrackId) {
        ObjectNode card = cards.get(outTrackId);
        if (card == null) {
            return Optional.empty();
        }
        synchronized (card) {
            return Optional.of(card.deepCopy());
        }
    }

    private void merge(String outTrackId, JsonNode body) {
        ObjectNode card = cards.computeIfAbsent(outTrackId, id -> Json.object());
        JsonNode params = body.path("cardData").path("cardParamMap");
        if (params.isObject()) {
            synchronized (card) {
                card.setAll((ObjectNode) params);
            }
        }
    }
}
