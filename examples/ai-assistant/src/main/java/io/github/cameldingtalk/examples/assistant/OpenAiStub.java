package io.github.cameldingtalk.examples.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small OpenAI-compatible server on loopback, so that the assistant runs (and is tested) without a model and
 * without network: {@code POST /v1/chat/completions} with {@code "stream": true} answers with Server-Sent Events as
 * OpenAI sends them — {@code data: {"object":"chat.completion.chunk","choices":[{"delta":{"content":…}}]}} lines,
 * then {@code data: [DONE]}. Its answer shows what it was given: the last question, and the one before it when the
 * conversation's history came along. A question containing {@code 401} or {@code 429} gets that HTTP error; one
 * containing {@code break} gets a few tokens, then a broken event.
 */
public final class OpenAiStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "openai-stub");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration tokenDelay;
    private final List<JsonNode> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** @param tokenDelay between two tokens, as a model produces a few dozen per second */
    public OpenAiStub(Duration tokenDelay) throws IOException {
        this.tokenDelay = tokenDelay;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(threads);
        server.createContext("/v1/chat/completions", this::complete);
        server.start();
    }

    /** What to give LangChain4j (and any OpenAI client) as its base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Every request body received, in order (the model's view of each question: system prompt, history). */
    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void complete(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            requests.add(request);
            List<String> questions = new ArrayList<>();
            for (JsonNode message : request.path("messages")) {
                if ("user".equals(message.path("role").asText())) {
                    questions.add(message.path("content").asText());
                }
            }
            String question = questions.isEmpty() ? "" : questions.get(questions.size() - 1);
            if (question.contains("401")) {
                error(exchange, 401, "Incorrect API key provided", "invalid_api_key");
                return;
            }
            if (question.contains("429")) {
                error(exchange, 429, "Rate limit reached for requests", "rate_limit_exceeded");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            List<String> tokens = tokens(answer(question, questions));
            for (int i = 0; i < tokens.size(); i++) {
                if (question.contains("break") && i == 3) {
                    out.write("data: {\"choices\":[{\"delta\":{\"content\":\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return;
                }
                event(out, chunk(request, tokens.get(i), null));
                pause();
            }
            event(out, chunk(request, null, "stop"));
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException gone) {
            // the client went away
        }
    }

    /** Shows what the model was given: the question, and the previous one of this conversation if any. */
    private static String answer(String question, List<String> questions) {
        StringBuilder answer = new StringBuilder("You asked: «").append(question.replace("\n", " / ")).append("».");
        if (questions.size() > 1) {
            answer.append(" Earlier in this chat you said: «")
                    .append(questions.get(questions.size() - 2).replace("\n", " / ")).append("».");
        }
        answer.append(" (This is the built-in stub model: set AI_BASE_URL, AI_MODEL and AI_API_KEY for a real one.)");
        return answer.toString();
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        for (String word : text.split("(?<= )")) {
            tokens.add(word);
        }
        return tokens;
    }

    private static ObjectNode chunk(JsonNode request, String content, String finishReason) {
        ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-stub").put("object", "chat.completion.chunk")
                .put("created", System.currentTimeMillis() / 1000).put("model", request.path("model").asText("stub"));
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (content != null) {
            delta.put("role", "assistant").put("content", content);
        }
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    private static void event(OutputStream out, JsonNode data) throws IOException {
        out.write(("data: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void error(HttpExchange exchange, int status, String message, String code) throws IOException {
        byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().set("error", JSON.createObjectNode()
                .put("message", message).put("type", "invalid_request_error").put("code", code)));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private void pause() {
        try {
            Thread.sleep(tokenDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
