package io.github.cameldingtalk.stream.openapi;

import java.io.IOException;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Tells a failure before the request left (nothing for DingTalk to process: safe to retry) from one after it may
 * have been written (outcome unknown). A network interceptor runs once a connection is ready, just before OkHttp
 * writes the request; it marks the request's {@link Mark} tag. No mark, no bytes on the wire.
 */
public final class RequestWritten implements Interceptor {

    /** Added to every client of outbound calls (last, closest to the wire). */
    public static final RequestWritten INTERCEPTOR = new RequestWritten();

    /** Set when the request may have reached the wire. */
    static final class Mark {
        private volatile boolean written;
    }

    private RequestWritten() {
    }

    /** The request with a fresh mark. */
    static Request marked(Request request) {
        return request.newBuilder().tag(Mark.class, new Mark()).build();
    }

    /** Whether DingTalk may have received the call's request (true when unmarked: nothing is known then). */
    static boolean mayHaveBeenWritten(Call call) {
        Mark mark = call.request().tag(Mark.class);
        return mark == null || mark.written;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Mark mark = chain.request().tag(Mark.class);
        if (mark != null) {
            mark.written = true;
        }
        return chain.proceed(chain.request());
    }
}
