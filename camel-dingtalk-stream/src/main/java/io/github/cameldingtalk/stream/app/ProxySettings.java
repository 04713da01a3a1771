package io.github.cameldingtalk.stream.app;

import java.net.InetSocketAddress;
import java.net.Proxy;

/**
 * The proxy of the component's own HTTP client; the password is never printed.
 *
 * @param type HTTP or SOCKS
 */
public record ProxySettings(String type, String host, int port, String username, String password) {

    /** No proxy set: the JVM's proxy properties apply. */
    public static final ProxySettings NONE = new ProxySettings(null, null, 0, null, null);

    /**
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    public ProxySettings {
        if (host != null && !host.isBlank()) {
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("The dingtalk-stream option proxyPort must be a port (1-65535) when"
                        + " proxyHost is set");
            }
            if (!"HTTP".equalsIgnoreCase(type) && !"SOCKS".equalsIgnoreCase(type)) {
                throw new IllegalArgumentException("The dingtalk-stream option proxyType must be HTTP or SOCKS, not "
                        + type);
            }
            if (username != null && "SOCKS".equalsIgnoreCase(type)) {
                throw new IllegalArgumentException("The dingtalk-stream options proxyUsername and proxyPassword work"
                        + " with proxyType HTTP; use a SOCKS proxy without authentication, or an HTTP proxy");
            }
        } else if (username != null) {
            throw new IllegalArgumentException("The dingtalk-stream option proxyUsername needs proxyHost");
        }
    }

    boolean isSet() {
        return host != null && !host.isBlank();
    }

    /** The proxy, or null when none is set. Unresolved: the proxy resolves the name, as users of one expect. */
    Proxy proxy() {
        if (!isSet()) {
            return null;
        }
        return new Proxy("SOCKS".equalsIgnoreCase(type) ? Proxy.Type.SOCKS : Proxy.Type.HTTP,
                InetSocketAddress.createUnresolved(host, port));
    }

    @Override
    public String toString() {
        return isSet() ? "ProxySettings[" + type + " " + host + ":" + port + (username == null ? "" : ", user "
                + username) + "]" : "ProxySettings[none]";
    }
}
