package org.writeahead.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.writeahead.testing.Fixtures;
import org.writeahead.tokenize.Gpt2Tokenizer;

/** Downloads from a hub on 127.0.0.1 serving the tiny fixture; nothing leaves the machine. */
class HubDownloaderTest {

    static final RepoId GPT2 = RepoId.parse("openai-community/gpt2");

    @TempDir
    Path dir;
    FakeHub hub;
    Path cache;

    @BeforeEach
    void start() throws Exception {
        hub = new FakeHub().serve(GPT2.toString(), Fixtures.TINY_GPT2, "expected.json");
        cache = dir.resolve("hub");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    HubDownloader downloader(Map<String, String> extra, int retries) {
        Map<String, String> env = new HashMap<>(extra);
        env.putIfAbsent("HF_ENDPOINT", hub.endpoint());
        env.put("HF_HUB_CACHE", cache.toString());
        env.put("HF_HOME", dir.resolve("hf-home").toString());
        return new HubDownloader(HubSettings.from(env, new Properties()), retries, Duration.ZERO);
    }

    HubDownloader downloader() {
        return downloader(Map.of(), 2);
    }

    static byte[] fixture(String file) throws Exception {
        return Files.readAllBytes(Fixtures.TINY_GPT2.resolve(file));
    }

    static long rangeStart(String range) {
        assertTrue(range != null && range.matches("bytes=[0-9]+-"), "a Range request: " + range);
        return Long.parseLong(range.substring(6, range.length() - 1));
    }

    List<FakeHub.Request> gets() {
        return hub.requests().stream().filter(r -> r.method().equals("GET")).toList();
    }

    @Test
    void downloadFillsTheCacheAsHuggingfaceHubDoes() throws Exception {
        List<DownloadProgress> seen = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        DownloadListener listener = new DownloadListener() {
            @Override
            public void progress(DownloadProgress p) {
                seen.add(p);
            }

            @Override
            public void note(String message) {
                notes.add(message);
            }
        };
        Path snapshot = downloader().download(GPT2, listener, new DownloadCancellation());

        Path repo = cache.resolve("models--openai-community--gpt2");
        assertEquals(repo.resolve("snapshots").resolve(FakeHub.COMMIT), snapshot);
        assertEquals(FakeHub.COMMIT, Files.readString(repo.resolve("refs/main")));
        String weightsSha = FakeHub.sha256(fixture("model.safetensors"));
        String configSha1 = FakeHub.gitBlobSha1(fixture("config.json"));
        for (String f : new String[] {"config.json", "tokenizer.json", "model.safetensors"}) {
            Path link = snapshot.resolve(f);
            assertTrue(Files.isSymbolicLink(link), f + " is a symlink");
            assertFalse(Files.readSymbolicLink(link).isAbsolute(), "relative, so the cache can move: " + Files.readSymbolicLink(link));
            assertArrayEquals(fixture(f), Files.readAllBytes(link), f);
        }
        assertEquals(Path.of("../../blobs/" + weightsSha), Files.readSymbolicLink(snapshot.resolve("model.safetensors")));
        assertEquals(Path.of("../../blobs/" + configSha1), Files.readSymbolicLink(snapshot.resolve("config.json")));
        try (Stream<Path> blobs = Files.list(repo.resolve("blobs"))) {
            assertTrue(blobs.noneMatch(p -> p.toString().endsWith(".incomplete")));
        }
        assertTrue(HubDownloader.isComplete(snapshot));
        assertEquals(snapshot, downloader().cached(GPT2).orElseThrow());

        // The LFS file came from the "CDN" after a HEAD to the hub, and both checksum kinds were checked.
        assertTrue(hub.requests().stream().anyMatch(r -> r.server().equals("hub") && r.method().equals("HEAD")
                && r.path().endsWith("/model.safetensors")));
        assertTrue(gets().stream().anyMatch(r -> r.server().equals("cdn") && r.path().equals("/lfs/" + weightsSha)));
        assertTrue(notes.contains("model.safetensors: " + fixture("model.safetensors").length + " bytes, sha256 verified"), notes.toString());
        assertTrue(notes.contains("config.json: " + fixture("config.json").length + " bytes, git sha1 verified"), notes.toString());
        DownloadProgress last = seen.get(seen.size() - 1);
        assertEquals(last.totalBytes(), last.doneBytes());
        assertEquals(fixture("model.safetensors").length + fixture("tokenizer.json").length, last.totalBytes());
        assertEquals(DownloadProgress.Phase.CHECKING, seen.get(0).phase(), "the first report comes before any answer");
        assertTrue(seen.stream().noneMatch(p -> p.file().equals("config.json") && p.phase() != DownloadProgress.Phase.CHECKING),
                "config.json is too small for a bar");
    }

    @Test
    void aSecondDownloadOnlyAsksAndFetchesNothing() throws Exception {
        downloader().download(GPT2, DownloadListener.NONE, new DownloadCancellation());
        int before = gets().size();
        downloader().download(GPT2, DownloadListener.NONE, new DownloadCancellation());
        assertEquals(before, gets().size(), "no GET the second time");
    }

    @Test
    void aCutConnectionIsResumedWithARange() throws Exception {
        hub.cutNextLfsDownload = true;
        Path snapshot = downloader(Map.of(), 1).download(GPT2, DownloadListener.NONE, new DownloadCancellation());
        assertArrayEquals(fixture("model.safetensors"), Files.readAllBytes(snapshot.resolve("model.safetensors")));
        List<FakeHub.Request> cdn = gets().stream().filter(r -> r.server().equals("cdn")).toList();
        assertEquals(2, cdn.size(), cdn.toString());
        assertEquals(null, cdn.get(0).range());
        // The server sent half; what arrived before the cut is kept and the rest is asked for.
        long resumedAt = rangeStart(cdn.get(1).range());
        assertTrue(resumedAt > 0 && resumedAt <= fixture("model.safetensors").length / 2, cdn.get(1).range());
    }

    @Test
    void aSilentConnectionIsDroppedAndResumed() throws Exception {
        hub.stallNextLfsDownload = true;
        List<String> notes = new ArrayList<>();
        DownloadListener listener = new DownloadListener() {
            @Override
            public void progress(DownloadProgress p) {}

            @Override
            public void note(String message) {
                notes.add(message);
            }
        };
        Map<String, String> env = Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HUB_CACHE", cache.toString());
        HubDownloader d = new HubDownloader(HubSettings.from(env, new Properties()), 1, Duration.ZERO, Duration.ofMillis(300));
        long start = System.nanoTime();
        Path snapshot = d.download(GPT2, listener, new DownloadCancellation());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "did not wait for the stalled server");
        assertArrayEquals(fixture("model.safetensors"), Files.readAllBytes(snapshot.resolve("model.safetensors")));
        assertTrue(notes.stream().anyMatch(n -> n.contains("stalled")), notes.toString());
        String range = gets().get(gets().size() - 1).range();
        assertTrue(range != null && range.matches("bytes=[1-9][0-9]*-"), "resumed, not restarted: " + range);
    }

    @Test
    void aDownloadCutForGoodIsKeptUnusableAndResumedByTheNextCall() throws Exception {
        hub.cutNextLfsDownload = true;
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader(Map.of(), 0).download(GPT2, DownloadListener.NONE, new DownloadCancellation()));
        assertTrue(e.getMessage().contains("run the download again to resume"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        Path repo = cache.resolve("models--openai-community--gpt2");
        String sha = FakeHub.sha256(fixture("model.safetensors"));
        Path incomplete = repo.resolve("blobs/" + sha + ".incomplete");
        long kept = Files.size(incomplete);
        assertTrue(kept > 0 && kept <= fixture("model.safetensors").length / 2, "kept " + kept);
        assertFalse(Files.exists(repo.resolve("blobs/" + sha)));
        assertFalse(Files.exists(repo.resolve("snapshots/" + FakeHub.COMMIT + "/model.safetensors")));
        assertTrue(downloader().cached(GPT2).isEmpty(), "a partial download is never offered for loading");

        Path snapshot = downloader().download(GPT2, DownloadListener.NONE, new DownloadCancellation());
        assertArrayEquals(fixture("model.safetensors"), Files.readAllBytes(snapshot.resolve("model.safetensors")));
        FakeHub.Request last = gets().get(gets().size() - 1);
        assertEquals("bytes=" + kept + "-", last.range());
        assertFalse(Files.exists(incomplete));
    }

    @Test
    void aChecksumMismatchIsRejectedAndLeavesNothingLoadable() throws Exception {
        hub.corruptLfs = true;
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader().download(GPT2, DownloadListener.NONE, new DownloadCancellation()));
        assertTrue(e.getMessage().contains("model.safetensors failed verification"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        Path repo = cache.resolve("models--openai-community--gpt2");
        String sha = FakeHub.sha256(fixture("model.safetensors"));
        try (Stream<Path> blobs = Files.list(repo.resolve("blobs"))) {
            assertTrue(blobs.noneMatch(p -> p.getFileName().toString().startsWith(sha)),
                    "neither the blob nor a partial file is left");
        }
        assertFalse(Files.exists(repo.resolve("snapshots/" + FakeHub.COMMIT + "/model.safetensors")));
        assertFalse(Files.exists(repo.resolve("refs/main")));
        assertTrue(downloader().cached(GPT2).isEmpty());
    }

    @Test
    void unknownRepositoryAndMissingWeightsGiveOneClearLine() throws Exception {
        DownloadException unknown = assertThrows(DownloadException.class,
                () -> downloader().download(RepoId.parse("nobody/nothing"), DownloadListener.NONE, new DownloadCancellation()));
        assertTrue(unknown.getMessage().contains("does not know nobody/nothing"), unknown.getMessage());
        assertEquals(1, unknown.getMessage().lines().count());

        hub.serve("someone/pickled", Map.of("config.json", fixture("config.json"), "tokenizer.json", fixture("tokenizer.json"),
                "pytorch_model.bin", new byte[] {1, 2, 3}));
        DownloadException pickled = assertThrows(DownloadException.class,
                () -> downloader().download(RepoId.parse("someone/pickled"), DownloadListener.NONE, new DownloadCancellation()));
        assertTrue(pickled.getMessage().contains("has no model.safetensors"), pickled.getMessage());
        assertTrue(gets().stream().noneMatch(r -> r.path().endsWith(".bin")), "a pickle is never fetched");

        hub.serve("someone/llama", Map.of("config.json", "{\"model_type\": \"llama\"}".getBytes(StandardCharsets.UTF_8)));
        DownloadException llama = assertThrows(DownloadException.class,
                () -> downloader().download(RepoId.parse("someone/llama"), DownloadListener.NONE, new DownloadCancellation()));
        assertTrue(llama.getMessage().contains("not a GPT-2 model"), llama.getMessage());
    }

    @Test
    void aRefusedConnectionGivesOneClearLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HubDownloader d = downloader(Map.of("HF_ENDPOINT", "http://127.0.0.1:" + port), 2);
        DownloadException e = assertThrows(DownloadException.class,
                () -> d.download(GPT2, DownloadListener.NONE, new DownloadCancellation()));
        assertEquals("cannot connect to http://127.0.0.1:" + port + " (connection refused); check the network, HF_ENDPOINT and the"
                + " proxy settings, or set HF_HUB_OFFLINE=1 to use only the cache", e.getMessage());
    }

    @Test
    void withTheHubOutOfReachACompleteCopyInTheCacheServes() throws Exception {
        Path snapshot = downloader().download(GPT2, DownloadListener.NONE, new DownloadCancellation());
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> notes = new ArrayList<>();
        DownloadListener listener = new DownloadListener() {
            @Override
            public void progress(DownloadProgress p) {}

            @Override
            public void note(String message) {
                notes.add(message);
            }
        };
        Path again = downloader(Map.of("HF_ENDPOINT", "http://127.0.0.1:" + port), 2).download(GPT2, listener, new DownloadCancellation());
        assertEquals(snapshot, again);
        assertEquals(List.of("cannot connect to http://127.0.0.1:" + port + " (connection refused); using the copy already in the cache"), notes);
    }

    @Test
    void aNameThatDoesNotResolveIsAnUnknownHostEvenWhenWrapped() {
        // Java 17's HttpClient reports it as a ConnectException caused by UnresolvedAddressException;
        // tested without a lookup, which would leave this machine.
        java.net.ConnectException wrapped = new java.net.ConnectException();
        wrapped.initCause(new java.nio.channels.UnresolvedAddressException());
        assertTrue(HubDownloader.unresolved(wrapped));
        assertTrue(HubDownloader.unresolved(new java.net.UnknownHostException("no-such-host.invalid")));
        assertFalse(HubDownloader.unresolved(new java.net.ConnectException("Connection refused")));
    }

    @Test
    void offlineUsesTheCacheAndNeverConnects() throws Exception {
        HubDownloader offline = downloader(Map.of("HF_HUB_OFFLINE", "1"), 2);
        DownloadException e = assertThrows(DownloadException.class,
                () -> offline.download(GPT2, DownloadListener.NONE, new DownloadCancellation()));
        assertTrue(e.getMessage().contains("HF_HUB_OFFLINE") && e.getMessage().contains("not in the cache"), e.getMessage());
        assertEquals(0, hub.requests().size());

        Path snapshot = downloader().download(GPT2, DownloadListener.NONE, new DownloadCancellation());
        int requests = hub.requests().size();
        assertEquals(snapshot, offline.download(GPT2, DownloadListener.NONE, new DownloadCancellation()));
        assertEquals(requests, hub.requests().size(), "offline: not one request");
    }

    @Test
    void theTokenGoesToTheHubButNotToTheCdn() throws Exception {
        downloader(Map.of("HF_TOKEN", "hf_secret"), 2).download(GPT2, DownloadListener.NONE, new DownloadCancellation());
        for (FakeHub.Request r : hub.requests()) {
            assertEquals(r.server().equals("hub") ? "Bearer hf_secret" : null, r.authorization(), r.toString());
        }
    }

    @Test
    void aRepositoryWithoutTokenizerJsonGetsOneBuiltFromVocabAndMerges() throws Exception {
        JsonObject tokenizer = JsonParser.parseString(Files.readString(Fixtures.TINY_GPT2.resolve("tokenizer.json")))
                .getAsJsonObject();
        JsonObject model = tokenizer.getAsJsonObject("model");
        StringBuilder merges = new StringBuilder("#version: 0.2\n");
        model.getAsJsonArray("merges").forEach(m -> merges.append(m.getAsString()).append('\n'));
        hub.serve("someone/slow-tokenizer", Map.of("config.json", fixture("config.json"), "model.safetensors",
                fixture("model.safetensors"), "vocab.json", model.get("vocab").toString().getBytes(StandardCharsets.UTF_8),
                "merges.txt", merges.toString().getBytes(StandardCharsets.UTF_8)));
        Path snapshot = downloader().download(RepoId.parse("someone/slow-tokenizer"), DownloadListener.NONE,
                new DownloadCancellation());
        assertTrue(Files.isSymbolicLink(snapshot.resolve("vocab.json")));
        assertTrue(Files.isRegularFile(snapshot.resolve("tokenizer.json")));
        String text = "Hello, my dog is cute. Ünïcödé and <|endoftext|> too";
        try (Gpt2Tokenizer built = Gpt2Tokenizer.load(snapshot.resolve("tokenizer.json"));
                Gpt2Tokenizer original = Gpt2Tokenizer.load(Fixtures.TINY_GPT2.resolve("tokenizer.json"))) {
            assertArrayEquals(original.encode(text), built.encode(text));
        }
    }

    @Test
    void cancellingStopsTheDownloadAndKeepsNothingLoadable() throws Exception {
        DownloadCancellation cancel = new DownloadCancellation();
        DownloadListener cancelOnWeights = p -> {
            if (p.file().equals("model.safetensors") && p.phase() == DownloadProgress.Phase.DOWNLOADING) {
                cancel.cancel();
            }
        };
        assertThrows(DownloadCancelledException.class, () -> downloader().download(GPT2, cancelOnWeights, cancel));
        assertTrue(downloader().cached(GPT2).isEmpty());
    }
}
