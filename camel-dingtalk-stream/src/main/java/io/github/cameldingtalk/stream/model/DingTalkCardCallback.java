package io.github.cameldingtalk.stream.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A click on an interactive card (topic {@code /v1.0/card/instances/callback}). */
public final class DingTalkCardCallback extends DingTalkJsonBody {

    private final JsonNode content;
    private final JsonNode value;

    private DingTalkCardCallback(String raw) {
        super(raw, "card callback data");
        this.content = Json.parseNested(Json.text(json, "content"));
        this.value = Json.parseNested(Json.text(json, "value"));
    }

    public static DingTalkCardCallback parse(String data) {
        return new DingTalkCardCallback(data);
    }

    /** The card instance id chosen when the card was created. */
    public String getOutTrackId() {
        return Json.text(json, "outTrackId");
    }

    public String getUserId() {
        return Json.text(json, "userId");
    }

    public String getCorpId() {
        return Json.text(json, "corpId");
    }

    public String getSpaceId() {
        return Json.text(json, "spaceId");
    }

    public String getSpaceType() {
        return Json.text(json, "spaceType");
    }

    public String getType() {
        return Json.text(json, "type");
    }

    /** {@code content}, which DingTalk sends as a JSON string, parsed; null when absent. */
    public JsonNode getContent() {
        return content;
    }

    /** {@code value}, parsed like {@link #getContent()}. */
    public JsonNode getValue() {
        return value;
    }

    /** {@code cardPrivateData.actionIds}: the buttons clicked. */
    public List<String> getActionIds() {
        List<String> ids = new ArrayList<>();
        for (JsonNode id : privateData().path("actionIds")) {
            ids.add(id.asText());
        }
        return ids;
    }

    /** {@code cardPrivateData.params}: the parameters of the click. */
    public Map<String, Object> getParams() {
        return Json.toMap(privateData().path("params"));
    }

    private JsonNode privateData() {
        JsonNode source = content != null ? content : value;
        return source == null ? Json.MAPPER.missingNode() : source.path("cardPrivateData");
    }

    @Override
    public String toString() {
        return "DingTalkCardCallback[outTrackId=" + getOutTrackId() + ", actionIds=" + getActionIds() + "]";
    }
}
