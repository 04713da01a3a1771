package io.github.cameldingtalk.stream.openapi;

import java.net.Proxy;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The OkHttp clients of an app's outbound calls, derived from one base client so that they share its connection
 * pool, TLS and proxy settings. OkHttp's default dispatcher runs 5 calls per host, which would queue every reply of
 * 64 busy slots behind five: the component's own client therefore gets a dispatcher per purpose, sized to the work —
 * each consumer's replies as many as its {@code maxConcurrency}, the OpenAPI calls of the app
 * {@link #API_CALLS_IN_FLIGHT} — so that a burst of producer sends never holds back chat replies. A client the user
 * supplied keeps its own dispatcher and pool (its limits apply to every call of the app). Calls that must not be
 * repeated run with OkHttp's {@code retryOnConnectionFailure} off, and every client marks requests as written
 * ({@link RequestWritten}).
 */
public final class OutboundHttp {

    /**
     * OpenAPI calls of one app in flight at most with the component's own client. The client-side rate limit
     * (about 20 calls/s per API) keeps the real number far lower; this only bounds slow answers piling up.
     */
    public static final int API_CALLS_IN_FLIGHT = 256;

    /** Idle connections the component's own client keeps (5 minutes each), enough for every slot of a few apps. */
    public static final int IDLE_CONNECTIONS = 256;

    private final OkHttpClient base;
    private final boolean own;
    private final OkHttpClient api;
    private final OkHttpClient apiOnce;

    private OutboundHttp(OkHttpClient base, boolean own) {
        this.base = base;
        this.own = own;
        OkHttpClient.Builder builder = base.newBuilder().addNetworkInterceptor(RequestWritten.INTERCEPTOR);
        if (own) {
            builder.dispatcher(dispatcher(API_CALLS_IN_FLIGHT));
        }
        this.api = builder.build();
        this.apiOnce = api.newBuilder().retryOnConnectionFailure(false).build();
    }

    /** The base client the component makes when the user gives none: a pool that keeps a connection per slot. */
    public static OkHttpClient newOwnClient() {
        return newOwnClient(null, null, null);
    }

    /**
     * The component's own client through a proxy: every call of the app (open call, WebSocket, OpenAPI, replies) goes
     * through it. With a username, an HTTP proxy's 407 is answered with Basic credentials (once per request).
     *
     * @param proxy null to follow the JVM's proxy settings ({@code http.proxyHost}, {@code https.proxyHost},
     *              {@code socksProxyHost} …, as {@link java.net.ProxySelector#getDefault()} reads them)
     */
    public static OkHttpClient newOwnClient(Proxy proxy, String username, String password) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES));
        if (proxy != null) {
            builder.proxy(proxy);
            if (username != null) {
                String credentials = Credentials.basic(username, password == null ? "" : password);
                builder.proxyAuthenticator((route, response) -> response.request().header("Proxy-Authorization") != null
                        ? null // refused with these credentials: give up rather than loop
                        : response.request().newBuilder().header("Proxy-Authorization", credentials).build());
            }
        }
        return builder.build();
    }

    /** @param own whether the component made {@code base} (then it sizes dispatchers), or the user supplied it */
    public static OutboundHttp of(OkHttpClient base, boolean own) {
        return new OutboundHttp(base, own);
    }

    /** For calls that may be repeated after an unknown outcome (token, streaming frames, card updates, downloads). */
    public OkHttpClient idempotent() {
        return api;
    }

    /** For OpenAPI calls that must not be repeated by OkHttp itself (sends, card creation, recall, upload). */
    public OkHttpClient once() {
        return apiOnce;
    }

    /**
     * A client for one consumer's replies: with the component's own client a dispatcher of {@code slots} calls (one
     * per slot, all to the same host), so that replies never wait behind each other or behind OpenAPI calls.
     */
    public OkHttpClient replies(int slots) {
        OkHttpClient.Builder builder = apiOnce.newBuilder();
        if (own) {
            builder.dispatcher(dispatcher(slots));
        }
        return builder.build();
    }

    /** Whether the user's client would queue replies of {@code slots} slots (its dispatcher allows fewer per host). */
    public boolean queuesReplies(int slots) {
        return !own && base.dispatcher().getMaxRequestsPerHost() < slots;
    }

    private Dispatcher dispatcher(int calls) {
        // the base dispatcher's threads (idle ones end after 60 s), shut down with the base client
        Dispatcher dispatcher = new Dispatcher(base.dispatcher().executorService());
        dispatcher.setMaxRequests(calls);
        dispatcher.setMaxRequestsPerHost(calls);
        return dispatcher;
    }
}
