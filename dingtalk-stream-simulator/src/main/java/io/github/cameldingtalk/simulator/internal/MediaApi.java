package io.github.cameldingtalk.simulator.internal;

import io.github.cameldingtalk.simulator.UploadedMedia;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;

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

    /** Reads the parts with OkHttp's multipart reader; null when the body is not multipart or has no media. */
    private static Part mediaPart(String contentType, byte[] body) {
        MediaType type = contentType == null ? null : MediaType.parse(contentType);
        String boundary = type == null ? null : type.parameter("boundary");
        if (boundary == null) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        Part media = null;
        try (MultipartReader reader = new MultipartReader(new Buffer().write(body), boundary)) {
            for (MultipartReader.Part part = reader.nextPart(); part != null; part = reader.nextPart()) {
                String disposition = part.headers().get("Content-Disposition");
                String name = attribute(disposition, "name");
                byte[] content = part.body().readByteArray();
                if ("media".equals(name)) {
                    media = new Part(attribute(disposition, "filename"), content, fields);
                } else if (name != null) {
                    fields.put(name, new String(content, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException malformed) {
            return null;
        }
        return media;
    }

    /** A {@code name="value"} parameter of a Content-Disposition header. */
    private static String attribute(String disposition, String attribute) {
        if (disposition == null) {
            return null;
        }
        for (String parameter : disposition.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals(attribute)) {
                return pair[1].replace("\"", "");
            }
        }
        return null;
    }
}
