package io.github.cameldingtalk.examples.assistant;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;

/** The model could not answer; the message is short and safe to show in the chat (no key, no URL). */
public final class ModelFailedException extends RuntimeException {

    ModelFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What to tell the user, by what the model's client reported. */
    static String shortReason(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException || (t instanceof HttpException http && http.statusCode() == 401)) {
                return "The model refused the API key (401). Check AI_API_KEY.";
            }
            if (t instanceof RateLimitException || (t instanceof HttpException http && http.statusCode() == 429)) {
                return "The model is rate limited right now (429). Please ask again in a moment.";
            }
            if (t instanceof TimeoutException || t instanceof java.net.http.HttpTimeoutException
                    || t instanceof java.net.SocketTimeoutException) {
                return "The model did not answer in time. Please ask again.";
            }
            if (t instanceof HttpException http) {
                return "The model failed (HTTP " + http.statusCode() + "). Please ask again.";
            }
        }
        return "The model stopped in the middle of the answer. Please ask again.";
    }
}
