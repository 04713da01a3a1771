package io.github.cameldingtalk.simulator.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The browser console's files (HTML, CSS, JavaScript shipped in the jar under {@code console/}), served at
 * {@code /} and {@code /console/…} with a strict Content-Security-Policy: no inline script and nothing from
 * elsewhere, so even a bot's reply that slipped through the page's escaping could not run code.
 */
final class Console {

    private static final String ROOT = "/io/github/cameldingtalk/simulator/console/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8", "css", "text/css;charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png", "txt", "text/plain;charset=utf-8");
    private static final String POLICY = "default-src 'self'; img-src 'self' data: blob:; style-src 'self';"
            + " script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private Console() {
    }

    static void serve(HttpExchange exchange, String path) throws IOException {
        String name = path.equals("/") ? "index.html" : path.substring("/console/".length());
        if (name.isEmpty() || name.contains("..") || name.contains("/") || name.contains("\\")) {
            HttpApi.send(exchange, HttpApi.error(404, "NotFound", "no such console file"));
            return;
        }
        try (InputStream in = Console.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                HttpApi.send(exchange, HttpApi.error(404, "NotFound", "no such console file"));
                return;
            }
            byte[] content = in.readAllBytes();
            String extension = name.substring(name.lastIndexOf('.') + 1);
            exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(extension, "application/octet-stream"));
            exchange.getResponseHeaders().set("Content-Security-Policy", POLICY);
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, content.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(content);
            }
        }
    }
}
