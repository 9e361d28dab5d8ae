package org.writeahead.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubSettingsTest {

    static Properties home(Path home) {
        Properties p = new Properties();
        p.setProperty("user.home", home.toString());
        return p;
    }

    @Test
    void theCacheIsFoundWhereHuggingfaceHubPutsIt(@TempDir Path home) {
        assertEquals(home.resolve(".cache/huggingface/hub"), HubSettings.from(Map.of(), home(home)).cacheRoot());
        assertEquals(Path.of("/x/huggingface/hub"), HubSettings.from(Map.of("XDG_CACHE_HOME", "/x"), home(home)).cacheRoot());
        assertEquals(Path.of("/hf/hub"), HubSettings.from(Map.of("HF_HOME", "/hf", "XDG_CACHE_HOME", "/x"), home(home)).cacheRoot());
        assertEquals(Path.of("/c"), HubSettings.from(Map.of("HF_HUB_CACHE", "/c", "HF_HOME", "/hf"), home(home)).cacheRoot());
    }

    @Test
    void endpointTokenAndOffline(@TempDir Path home) throws Exception {
        HubSettings defaults = HubSettings.from(Map.of(), home(home));
        assertEquals(URI.create("https://huggingface.co"), defaults.endpoint());
        assertNull(defaults.token());
        assertFalse(defaults.offline());
        HubSettings s = HubSettings.from(Map.of("HF_ENDPOINT", "https://hf-mirror.com/", "HF_TOKEN", "hf_x", "HF_HUB_OFFLINE", "true"),
                home(home));
        assertEquals(URI.create("https://hf-mirror.com"), s.endpoint());
        assertEquals("hf_x", s.token());
        assertTrue(s.offline());
        assertFalse(s.toString().contains("hf_x"), "the token is never printed");
        assertFalse(HubSettings.from(Map.of("HF_HUB_OFFLINE", "0"), home(home)).offline());
        assertThrows(IllegalArgumentException.class, () -> HubSettings.from(Map.of("HF_ENDPOINT", "file:///etc"), home(home)));

        // The token `huggingface-cli login` saved.
        Files.createDirectories(home.resolve(".cache/huggingface"));
        Files.writeString(home.resolve(".cache/huggingface/token"), "hf_saved\n");
        assertEquals("hf_saved", HubSettings.from(Map.of(), home(home)).token());
    }

    @Test
    void proxyVariablesAreTranslated(@TempDir Path home) {
        HubSettings s = HubSettings.from(Map.of("HTTPS_PROXY", "http://proxy.example:3128", "NO_PROXY", "internal.example,.corp"),
                home(home));
        List<Proxy> hf = s.proxy().select(URI.create("https://huggingface.co/x"));
        assertEquals(InetSocketAddress.createUnresolved("proxy.example", 3128), hf.get(0).address());
        assertEquals(Proxy.NO_PROXY, s.proxy().select(URI.create("https://internal.example/x")).get(0));
        assertEquals(Proxy.NO_PROXY, s.proxy().select(URI.create("https://hub.corp/x")).get(0));
        assertEquals(Proxy.NO_PROXY, s.proxy().select(URI.create("http://127.0.0.1:8080/x")).get(0));
        assertEquals(Proxy.NO_PROXY, s.proxy().select(URI.create("http://huggingface.co/x")).get(0), "no HTTP_PROXY set");
        assertEquals(Proxy.NO_PROXY, HubSettings.from(Map.of(), home(home)).proxy().select(URI.create("https://huggingface.co")).get(0));
    }

    @Test
    void repositoryIdsAndFileNamesAreChecked() {
        assertEquals("models--openai-community--gpt2", RepoId.parse("openai-community/gpt2").cacheFolderName());
        assertEquals("models--gpt2", RepoId.parse("gpt2").cacheFolderName());
        for (String bad : new String[] {"../etc", "a/../b", "a/b/c", "a--b/c", "a b", "a/b?c", "/abs", "a/", ".hidden/x", "a/b.",
            "a\\b", ""}) {
            assertThrows(IllegalArgumentException.class, () -> RepoId.parse(bad), bad);
        }
        for (String bad : new String[] {"../x", ".hidden", "a/b", "a b", "x?y"}) {
            assertThrows(IllegalArgumentException.class, () -> HubFiles.checkFile(bad), bad);
        }
        assertEquals("abc", HubFiles.normalizeEtag("W/\"ABC\""));
    }
}
