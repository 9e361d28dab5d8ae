package org.writeahead.hub;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where the hub is, who we are, and where its cache lives, read from the same environment
 * variables as Python's huggingface_hub:
 * <ul>
 *   <li>{@code HF_ENDPOINT}: the hub or a mirror (default {@code https://huggingface.co});</li>
 *   <li>{@code HF_TOKEN}, else the token file {@code $HF_TOKEN_PATH} or {@code $HF_HOME/token}
 *       that {@code huggingface-cli login} writes: sent as {@code Authorization: Bearer} to the
 *       endpoint only, never to the CDN it redirects to;</li>
 *   <li>{@code HF_HUB_OFFLINE=1}: never connect;</li>
 *   <li>{@code HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else {@code $XDG_CACHE_HOME/huggingface/hub},
 *       else {@code ~/.cache/huggingface/hub};</li>
 *   <li>proxies: see {@link EnvProxySelector}.</li>
 * </ul>
 * The environment is passed in as a map so that tests never touch the process's own.
 */
public record HubSettings(URI endpoint, String token, boolean offline, Path cacheRoot, ProxySelector proxy) {

    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    /** From the process's environment and system properties. */
    public static HubSettings fromSystem() {
        return from(System.getenv(), System.getProperties());
    }

    public static HubSettings from(Map<String, String> env, Properties system) {
        String endpointText = nonEmpty(env.get("HF_ENDPOINT"));
        URI endpoint = parseEndpoint(endpointText == null ? DEFAULT_ENDPOINT : endpointText);
        Path home = Path.of(system.getProperty("user.home", "."));
        Path hfHome = pathOr(env.get("HF_HOME"), null);
        if (hfHome == null) {
            Path xdg = pathOr(env.get("XDG_CACHE_HOME"), home.resolve(".cache"));
            hfHome = xdg.resolve("huggingface");
        }
        Path cache = pathOr(env.get("HF_HUB_CACHE"), pathOr(env.get("HUGGINGFACE_HUB_CACHE"), hfHome.resolve("hub")));
        String token = nonEmpty(env.get("HF_TOKEN"));
        if (token == null) {
            token = nonEmpty(env.get("HUGGING_FACE_HUB_TOKEN"));
        }
        if (token == null) {
            token = readToken(pathOr(env.get("HF_TOKEN_PATH"), hfHome.resolve("token")));
        }
        return new HubSettings(endpoint, token, isTrue(env.get("HF_HUB_OFFLINE")), cache,
                EnvProxySelector.from(env, system));
    }

    /** huggingface_hub's truthy values: 1, ON, YES, TRUE (any case). */
    static boolean isTrue(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.strip().toUpperCase(Locale.ROOT)) {
            case "1", "ON", "YES", "TRUE" -> true;
            default -> false;
        };
    }

    private static URI parseEndpoint(String text) {
        String trimmed = text.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("HF_ENDPOINT \"" + text + "\" is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException("HF_ENDPOINT \"" + text + "\" is not an http(s) URL");
        }
        return uri;
    }

    private static String readToken(Path file) {
        try {
            return Files.isRegularFile(file) ? nonEmpty(Files.readString(file, StandardCharsets.UTF_8)) : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static Path pathOr(String value, Path fallback) {
        String v = nonEmpty(value);
        return v == null ? fallback : Path.of(v);
    }

    private static String nonEmpty(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        // Never print the token.
        return "HubSettings[endpoint=" + endpoint + ", token=" + (token == null ? "none" : "set") + ", offline=" + offline
                + ", cache=" + cacheRoot + "]";
    }
}
