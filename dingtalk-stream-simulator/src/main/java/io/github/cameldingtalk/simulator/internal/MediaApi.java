package io.github.cameldingtalk.simulator.internal;

import io.github.cameldingtalk.simulator.UploadedMedia;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The legacy upload {@code POST oapi.dingtalk.com/media/upload?access_token=…&type=…} (multipart field
 * {@code media}): answers {@code {errcode:0, errmsg, media_id, type, created_at}} and keeps the bytes; legacy errors
 * come as HTTP 200 with an errcode (40014 for a bad token).
 */
public final class MediaApi {

    private static final Set<String> TYPES = Set.of("image", "voice", "video", "file");

    private final Apps apps;
    private final Clock clock;
    private final Map<String, UploadedMedia> media = new ConcurrentHashMap<>();

    public MediaApi(Apps apps, Clock clock) {
        this.apps = apps;
        this.clock = clock;
    }

    HttpApi.Reply upload(String query, String contentType, byte[] body) {
        if (!apps.isValidAccessToken(HttpApi.queryParameter(query, "access_token"))) {
            return legacyError(40014, "不合法的access_token");
        }
        Part part = mediaPart(contentType, body);
        String type = HttpApi.queryParameter(query, "type");
        if (type == null && part != null) {
            type = part.fields().get("type");
        }
        if (type == null || !TYPES.contains(type)) {
            return legacyError(40004, "不合法的媒体文件类型");
        }
        if (part == null || part.content().length == 0) {
            return legacyError(41005, "缺少多媒体文件数据");
        }
        String mediaId = "@" + UUID.randomUUID().toString().replace("-", "");
        media.put(mediaId, new UploadedMedia(mediaId, type, part.fileName(), part.content(), clock.instant()));
        return new HttpApi.Reply(200, Json.object().put("errcode", 0).put("errmsg", "ok").put("media_id", mediaId)
                .put("type", type).put("created_at", clock.millis()));
    }

    public Optional<UploadedMedia> get(String mediaId) {
        return Optional.ofNullable(media.get(mediaId));
    }

    public List<UploadedMedia> all() {
        return List.copyOf(media.values());
    }

    private static HttpApi.Reply legacyError(int errcode, String errmsg) {
        return new HttpApi.Reply(200, Json.object().put("errcode", errcode).put("errmsg", errmsg));
    }

    /** The {@code media} part of a multipart body, with the other simple fields (e.g. {@code type}). */
    private record Part(String fileName, byte[] content, Map<String, String> fields) {
    }

    private static Part mediaPart(String contentType, byte[] body) {
        if (contentType == null || !contentType.startsWith("multipart/form-data") || !contentType.contains("boundary=")) {
            return null;
        }
        String boundary = contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", "").trim();
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, String> fields = new ConcurrentHashMap<>();
        Part media = null;
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int headStart = at + delimiter.length + 2; // CRLF after the delimiter
            int next = indexOf(body, delimiter, headStart);
            if (next < 0 || headStart >= body.length) {
                break;
            }
            int headEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headStart);
            String head = new String(body, headStart, headEnd - headStart, StandardCharsets.UTF_8);
            byte[] content = Arrays.copyOfRange(body, headEnd + 4, next - 2); // CRLF before the next delimiter
            String name = attribute(head, "name");
            if ("media".equals(name)) {
                media = new Part(attribute(head, "filename"), content, fields);
            } else if (name != null) {
                fields.put(name, new String(content, StandardCharsets.UTF_8));
            }
            at = next;
        }
        return media;
    }

    private static String attribute(String head, String attribute) {
        String key = " " + attribute + "=\"";
        int start = head.indexOf(key);
        if (start < 0) {
            key = ";" + attribute + "=\"";
            start = head.indexOf(key);
        }
        if (start < 0) {
            return null;
        }
        int from = start + key.length();
        return head.substring(from, head.indexOf('"', from));
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
