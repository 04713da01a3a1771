package io.github.cameldingtalk.stream.app;

import io.github.cameldingtalk.stream.openapi.OutboundHttp;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * The apps of one component, one per (apiUrl, clientId), and the HTTP client the component owns for those whose
 * endpoints bring none (its pools and dispatchers sized to the work, closed when the component stops).
 */
public final class DingTalkApps {

    private final Map<String, DingTalkApp> apps = new ConcurrentHashMap<>();
    private final Function<String, ScheduledExecutorService> schedulers;
    private final Supplier<ProxySettings> proxy;
    private volatile OkHttpClient ownClient;
    private volatile OutboundHttp ownOutbound;

    /**
     * @param schedulers a single-threaded scheduler for an app, by its clientId; the caller shuts them down
     * @param proxy      the proxy of the component's own client, read when it is made (the first call)
     */
    public DingTalkApps(Function<String, ScheduledExecutorService> schedulers, Supplier<ProxySettings> proxy) {
        this.schedulers = schedulers;
        this.proxy = proxy;
    }

    /** The app of these credentials, shared by every route using them. */
    public DingTalkApp app(String apiUrl, String clientId) {
        return apps.computeIfAbsent(apiUrl + "|" + clientId,
                key -> new DingTalkApp(apiUrl, clientId, schedulers.apply(clientId), this));
    }

    /** The user's client, or the component's own. */
    public OkHttpClient http(OkHttpClient userClient) {
        if (userClient != null) {
            return userClient;
        }
        OkHttpClient own = ownClient;
        if (own == null) {
            synchronized (this) {
                if (ownClient == null) {
                    ProxySettings settings = proxy.get();
                    ownClient = OutboundHttp.newOwnClient(settings.proxy(), settings.username(), settings.password());
                }
                own = ownClient;
            }
        }
        return own;
    }

    /** The outbound clients over the user's client, or over the component's own (then sized by it). */
    OutboundHttp outbound(OkHttpClient userClient) {
        if (userClient != null) {
            return OutboundHttp.of(userClient, false);
        }
        OutboundHttp own = ownOutbound;
        if (own == null) {
            synchronized (this) {
                if (ownOutbound == null) {
                    ownOutbound = OutboundHttp.of(http(null), true);
                }
                own = ownOutbound;
            }
        }
        return own;
    }

    /** Closes every connection at once (their routes are gone already) and the component's own client. */
    public void stop() {
        apps.values().forEach(DingTalkApp::stop);
        apps.clear();
        OkHttpClient own;
        synchronized (this) {
            own = ownClient;
            ownClient = null;
            ownOutbound = null;
        }
        if (own != null) {
            own.dispatcher().executorService().shutdown();
            own.connectionPool().evictAll();
        }
    }
}
