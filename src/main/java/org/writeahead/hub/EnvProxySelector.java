package org.writeahead.hub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The proxy for the hub. Java's own settings win ({@code -Dhttps.proxyHost}, {@code
 * -Djava.net.useSystemProxies=true}: {@link ProxySelector#getDefault()}); otherwise the
 * {@code HTTPS_PROXY} / {@code HTTP_PROXY} / {@code NO_PROXY} variables that curl and Python
 * read (either case) are translated. Loopback addresses never go through a proxy. Proxy
 * passwords in the URL are not supported (the JDK refuses Basic auth for HTTPS tunnels).
 */
final class EnvProxySelector extends ProxySelector {

    private final Proxy https;
    private final Proxy http;
    private final List<String> noProxy;

    private EnvProxySelector(Proxy https, Proxy http, List<String> noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    static ProxySelector from(Map<String, String> env, Properties system) {
        boolean javaConfigured = system.getProperty("https.proxyHost") != null || system.getProperty("http.proxyHost") != null
                || "true".equalsIgnoreCase(system.getProperty("java.net.useSystemProxies"));
        if (javaConfigured && ProxySelector.getDefault() != null) {
            return ProxySelector.getDefault();
        }
        Proxy https = proxy(first(env, "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"));
        Proxy http = proxy(first(env, "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"));
        List<String> noProxy = new ArrayList<>();
        String list = first(env, "NO_PROXY", "no_proxy");
        if (list != null) {
            for (String entry : list.split(",")) {
                String e = entry.strip().toLowerCase(Locale.ROOT);
                if (!e.isEmpty()) {
                    noProxy.add(e.startsWith("*.") ? e.substring(1) : e);
                }
            }
        }
        return new EnvProxySelector(https, http, noProxy);
    }

    private static String first(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }

    private static Proxy proxy(String url) {
        if (url == null) {
            return null;
        }
        URI uri = URI.create(url.contains("://") ? url : "http://" + url);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("proxy \"" + url + "\" has no host");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port));
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        Proxy chosen = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
        if (chosen == null || isLoopback(host) || bypassed(host)) {
            return List.of(Proxy.NO_PROXY);
        }
        return List.of(chosen);
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    private boolean bypassed(String host) {
        for (String e : noProxy) {
            if (e.equals("*") || host.equals(e) || (e.startsWith(".") ? host.endsWith(e) : host.endsWith("." + e))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // Nothing to learn: there is one proxy per scheme.
    }
}
