package io.github.cameldingtalk.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cameldingtalk.simulator.CardStreamFrame;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Card instances by outTrackId: create, deliver, update, stream (with the history of every streaming frame and the
 * AI card state: processing → inputing → finished or failed), and the older interactive cards.
 */
public final class CardApi {

    /** AI card states as DingTalk shows them. */
    public enum StreamState { PROCESSING, INPUTING, FINISHED, FAILED }

    private final Map<String, ObjectNode> cards = new ConcurrentHashMap<>();
    private final Map<String, List<CardStreamFrame>> streams = new ConcurrentHashMap<>();
    private final Map<String, StreamState> states = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> deliveries = new ConcurrentHashMap<>();
    private final Feed feed;

    public CardApi(Feed feed) {
        this.feed = feed;
    }

    /** Tells the console what the card looks like now. */
    private void show(String outTrackId) {
        ObjectNode event = Json.object().put("outTrackId", outTrackId);
        ObjectNode delivery = deliveries.get(outTrackId);
        if (delivery == null) {
            return; // not in any conversation yet
        }
        event.put("openSpaceId", Json.text(delivery, "openSpaceId")).put("templateId", Json.text(delivery,
                "cardTemplateId"));
        StreamState state = states.get(outTrackId);
        event.put("state", state == null ? null : state.name()).put("streamed", streams.containsKey(outTrackId));
        cardData(outTrackId).ifPresent(data -> event.set("data", data));
        feed.publish("card", event);
    }

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
        String openSpaceId = Json.text(body, "openSpaceId");
        if (openSpaceId.contains("IM_ROBOT.") && !body.has("imRobotOpenDeliverModel")) {
            return HttpApi.error(400, "param.spaceDeliverModelEmpty", "imRobotOpenDeliverModel is required for IM_ROBOT");
        }
        merge(outTrackId, body);
        ObjectNode delivery = (ObjectNode) body.deepCopy();
        if (!create && !delivery.has("cardTemplateId")) {
            delivery.put("cardTemplateId", "");
        }
        deliveries.put(outTrackId, delivery);
        states.putIfAbsent(outTrackId, StreamState.PROCESSING);
        show(outTrackId);
        ObjectNode answer = Json.object().put("success", true);
        answer.putObject("result").put("outTrackId", outTrackId).putArray("deliverResults").addObject()
                .put("spaceId", openSpaceId).put("success", true).put("carrierId", java.util.UUID.randomUUID().toString());
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
            HttpApi.Reply reply = stream(outTrackId, card, body);
            show(outTrackId);
            return reply;
        }
        merge(outTrackId, body);
        show(outTrackId);
        return new HttpApi.Reply(200, Json.object().put("success", true).put("result", true));
    }

    private HttpApi.Reply stream(String outTrackId, ObjectNode card, JsonNode body) {
        String content = Json.text(body, "content");
        if (content == null) {
            return HttpApi.error(400, "param.stream.contentEmpty", "content is empty");
        }
        synchronized (card) {
            List<CardStreamFrame> history = streams.computeIfAbsent(outTrackId, id -> new CopyOnWriteArrayList<>());
            String guid = Json.text(body, "guid");
            if (history.stream().anyMatch(frame -> frame.guid().equals(guid))) {
                return new HttpApi.Reply(200, Json.object().put("success", true).put("result", true)); // applied once
            }
            StreamState state = states.getOrDefault(outTrackId, StreamState.PROCESSING);
            if (state == StreamState.FINISHED || state == StreamState.FAILED) {
                return HttpApi.error(400, "param.stream.finished", "the card stream is already " + state);
            }
            String key = Json.text(body, "key");
            boolean full = body.path("isFull").asBoolean(false);
            String before = card.path(key).asText("");
            card.put(key, full ? content : before + content);
            boolean finalize = body.path("isFinalize").asBoolean(false);
            boolean error = body.path("isError").asBoolean(false);
            history.add(new CardStreamFrame(guid, key, content, full, finalize, error, java.time.Instant.now()));
            states.put(outTrackId, error ? StreamState.FAILED : finalize ? StreamState.FINISHED : StreamState.INPUTING);
        }
        return new HttpApi.Reply(200, Json.object().put("success", true).put("result", true));
    }

    /**
     * A card callback was answered: like DingTalk, apply the answer's {@code cardData} to the card, so that every
     * member sees the new values (the clicking user's {@code userPrivateData} is not shown to others).
     */
    public void applyCallbackResponse(String outTrackId, JsonNode response) {
        JsonNode params = response == null ? null : response.path("cardData").path("cardParamMap");
        if (outTrackId == null || params == null || !params.isObject() || !cards.containsKey(outTrackId)) {
            return;
        }
        ObjectNode card = cards.get(outTrackId);
        synchronized (card) {
            card.setAll((ObjectNode) params);
        }
        show(outTrackId);
    }

    /** Every streaming frame applied to the card, in order. */
    public List<CardStreamFrame> streamHistory(String outTrackId) {
        return List.copyOf(streams.getOrDefault(outTrackId, List.of()));
    }

    /** The AI card state; null for an unknown card. */
    public StreamState streamState(String outTrackId) {
        return states.get(outTrackId);
    }

    /** The deliver (or createAndDeliver) request of the card: where it went. */
    public Optional<JsonNode> delivery(String outTrackId) {
        return Optional.ofNullable(deliveries.get(outTrackId));
    }

    /** Card ids in the order they were created. */
    public List<String> outTrackIds() {
        return List.copyOf(cards.keySet());
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
