package io.github.cameldingtalk.simulator.internal;

import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * What the control API asks of a request before it acts, so that a simulator left running is safe from the web
 * pages its developer opens: the run's token ({@code X-Sim-Token}, or {@code Authorization: Bearer}, or
 * {@code ?token=} for the console's event stream),
 * a {@code Host} that names this machine (no DNS rebinding), no foreign {@code Origin}, and JSON for a body (a
 * form post cannot be one without a preflight).
 */
final class ControlGuard {

    static final String TOKEN_HEADER = "X-Sim-Token";
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private final byte[] token;
    private final String host;

    /** @param host the address the simulator listens on */
    ControlGuard(String token, String host) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.host = host;
    }

    /** Null when the request may go on, else why not. */
    HttpApi.Reply refusal(HttpExchange exchange, byte[] body) {
        String requestHost = hostName(exchange.getRequestHeaders().getFirst("Host"));
        if (requestHost == null || !(LOOPBACK.contains(requestHost) || requestHost.equalsIgnoreCase(host)
                || "0.0.0.0".equals(host) || "::".equals(host))) {
            return HttpApi.error(403, "Forbidden", "the control API answers only requests addressed to this machine");
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && !requestHost.equalsIgnoreCase(hostName(authority(origin)))) {
            return HttpApi.error(403, "Forbidden", "the control API answers only its own console, not " + origin);
        }
        String given = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (given == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = authorization.substring(7).trim();
        }
        if (given == null) {
            given = HttpApi.queryParameter(exchange.getRequestURI().getRawQuery(), "token");
        }
        if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            return HttpApi.error(401, "Unauthorized", "the control API needs this run's token in the " + TOKEN_HEADER
                    + " header (printed at start with the console's URL)");
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (body.length > 0 && (type == null || !type.toLowerCase().startsWith("application/json"))) {
            return HttpApi.error(415, "UnsupportedMediaType", "the control API takes JSON (Content-Type:"
                    + " application/json)");
        }
        return null;
    }

    private static String authority(String origin) {
        try {
            return URI.create(origin).getRawAuthority();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The host part of a {@code Host} header or authority, without the port. */
    private static String hostName(String authority) {
        if (authority == null || authority.isBlank()) {
            return null;
        }
        String value = authority.trim();
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? value : value.substring(0, end + 1);
        }
        int colon = value.lastIndexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }
}
