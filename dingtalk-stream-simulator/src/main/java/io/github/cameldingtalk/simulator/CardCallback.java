package io.github.cameldingtalk.simulator;

import io.github.cameldingtalk.simulator.internal.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A click on an interactive card, shaped like the {@code data} of a real {@code /v1.0/card/instances/callback}
 * frame: {@code content} and {@code value} are JSON strings inside the JSON.
 */
public final class CardCallback {

    private final String outTrackId;
    private final String[] actionIds;
    private final Map<String, String> params = new LinkedHashMap<>();
    private String userId = "manager" + Math.abs(BotMessage.randomToken(4).hashCode() % 10000);
    private String spaceId = "cid" + BotMessage.randomToken(22) + "==";
    private String spaceType = "im";

    private CardCallback(String outTrackId, String[] actionIds) {
        this.outTrackId = outTrackId;
        this.actionIds = actionIds;
    }

    /** A click on the card instance {@code outTrackId}, on the buttons with these action ids. */
    public static CardCallback action(String outTrackId, String... actionIds) {
        return new CardCallback(outTrackId, actionIds.length == 0 ? new String[] {"button_1"} : actionIds);
    }

    /** A parameter of the click ({@code cardPrivateData.params}). */
    public CardCallback param(String name, String value) {
        params.put(name, value);
        return this;
    }

    public CardCallback user(String userId) {
        this.userId = userId;
        return this;
    }

    public CardCallback space(String spaceType, String spaceId) {
        this.spaceType = spaceType;
        this.spaceId = spaceId;
        return this;
    }

    public String outTrackId() {
        return outTrackId;
    }

    ObjectNode toData(String corpId) {
        ObjectNode privateData = Json.object();
        ObjectNode card = privateData.putObject("cardPrivateData");
        ArrayNode ids = card.putArray("actionIds");
        for (String id : actionIds) {
            ids.add(id);
        }
        ObjectNode paramNode = card.putObject("params");
        params.forEach(paramNode::put);
        String privateJson = Json.write(privateData);
        ObjectNode data = Json.object();
        data.put("extension", "{}");
        data.put("corpId", corpId);
        data.put("spaceType", spaceType);
        data.put("userIdType", 1);
        data.put("type", "actionCallback");
        data.put("userId", userId);
        data.put("spaceId", spaceId);
        data.put("outTrackId", outTrackId);
        data.put("content", privateJson);
        data.put("value", privateJson);
        return data;
    }
}
