package org.writeahead.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.writeahead.engine.MemoryFit;
import org.writeahead.hub.FakeHub;
import org.writeahead.testing.Fixtures;

/** {@code models}, {@code download} and {@code complete --model gpt2} against a hub on 127.0.0.1. */
class ModelCommandsTest {

    record Run(int code, String out, String err) {}

    @TempDir
    Path dir;
    FakeHub hub;
    Map<String, String> env;
    long memory = 64_000_000_000L;

    @BeforeEach
    void start() throws Exception {
        hub = new FakeHub().serve("openai-community/gpt2", Fixtures.TINY_GPT2, "expected.json");
        env = new HashMap<>();
        env.put("HF_ENDPOINT", hub.endpoint());
        env.put("HF_HUB_CACHE", dir.resolve("hub").toString());
        env.put("HF_HOME", dir.resolve("hf-home").toString());
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Cli.run(new Cli.Context(env, () -> MemoryFit.Available.of(memory)), args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static void assertOneLineError(Run r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    /** A download says where it goes first; then the error is one line. */
    static void assertDownloadError(Run r, String expected) {
        assertEquals(2, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertTrue(lines.length <= 2 && (lines.length == 1 || lines[0].startsWith("downloading ")), r.err());
        assertTrue(lines[lines.length - 1].startsWith("writeahead: ") && lines[lines.length - 1].contains(expected), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    static JsonObject entry(JsonArray models, String name) {
        for (JsonElement e : models) {
            if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError(name + " not listed: " + models);
    }

    @Test
    void downloadThenCompleteByName() throws Exception {
        Run before = run("models", "--json");
        assertEquals(0, before.code(), before.err());
        JsonObject listed = entry(JsonParser.parseString(before.out()).getAsJsonArray(), "gpt2");
        assertFalse(listed.get("on_disk").getAsBoolean());
        assertEquals("openai-community/gpt2", listed.get("repo").getAsString());
        assertEquals(124_439_808L, listed.get("parameters").getAsLong());
        assertOneLineError(run("complete", "--model", "gpt2", "x"), "gpt2 is not downloaded yet: run `writeahead download gpt2`");

        Run download = run("download", "gpt2");
        assertEquals(0, download.code(), download.err());
        Path snapshot = Path.of(download.out().strip());
        assertEquals(dir.resolve("hub/models--openai-community--gpt2/snapshots/" + FakeHub.COMMIT), snapshot);
        assertTrue(download.err().contains("model.safetensors: " + Files.size(Fixtures.TINY_GPT2.resolve("model.safetensors"))
                + " bytes, sha256 verified"), download.err());
        assertTrue(download.err().contains("gpt2 is ready; use it with --model gpt2"), download.err());

        Run complete = run("complete", "--model", "gpt2", "--greedy", "--raw", "--n", "1", "--max-tokens", "10", "--json",
                "Hello, my dog is cute");
        assertEquals(0, complete.code(), complete.err());
        JsonObject json = JsonParser.parseString(complete.out()).getAsJsonObject();
        assertEquals("gpt2", json.get("model").getAsString());
        JsonArray ids = json.getAsJsonArray("suggestions").get(0).getAsJsonObject().getAsJsonArray("token_ids");
        int[] got = new int[ids.size()];
        for (int i = 0; i < got.length; i++) {
            got[i] = ids.get(i).getAsInt();
        }
        assertArrayEquals(Fixtures.cases().get(0).greedyIds(), got);

        JsonObject after = entry(JsonParser.parseString(run("models", "--json").out()).getAsJsonArray(), "gpt2");
        assertTrue(after.get("on_disk").getAsBoolean());
        assertEquals(snapshot.toString(), after.get("path").getAsString());
        Run table = run("models");
        assertTrue(table.out().startsWith("NAME "), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("gpt2 ") && l.contains("yes") && l.contains(snapshot.toString())),
                table.out());
    }

    @Test
    void aGpt2ThatPythonDownloadedIsUsedAndNotDownloadedTwice() throws Exception {
        Path snapshot = Fixtures.pythonHubCache(dir.resolve("hub"));
        Run download = run("download", "gpt2");
        assertEquals(0, download.code(), download.err());
        assertEquals(snapshot.toString(), download.out().strip());
        assertTrue(download.err().contains("already in the cache, downloaded under the older id models--gpt2"), download.err());
        assertTrue(hub.requests().isEmpty(), "no connection: " + hub.requests());
        Run complete = run("complete", "--model", "gpt2", "--greedy", "--raw", "--n", "1", "--max-tokens", "3", "Hello");
        assertEquals(0, complete.code(), complete.err());
    }

    @Test
    void aModelTooBigForThisMachineIsRefusedBeforeLoading() {
        memory = 2_000_000_000L;
        Run r = run("complete", "--model", "gpt2-xl", "Hello");
        assertOneLineError(r, "gpt2-xl needs about ");
        assertTrue(r.err().contains("only 2.0 GB is available (given); the largest GPT-2 that fits is gpt2"), r.err());

        Run listed = run("models", "--json");
        assertEquals("no", entry(JsonParser.parseString(listed.out()).getAsJsonArray(), "gpt2-xl").get("fits").getAsString());
        assertEquals("yes", entry(JsonParser.parseString(listed.out()).getAsJsonArray(), "distilgpt2").get("fits").getAsString());
    }

    @Test
    void downloadMistakesGiveOneLine() throws Exception {
        assertOneLineError(run("download", "../etc"), "not a valid repository id");
        assertOneLineError(run("download", "gpt3"), "unknown model \"gpt3\"");
        assertDownloadError(run("download", "nobody/nothing"), "does not know nobody/nothing");
        env.put("HF_HUB_OFFLINE", "1");
        int requests = hub.requests().size();
        assertOneLineError(run("download", "gpt2"), "HF_HUB_OFFLINE is set");
        assertEquals(requests, hub.requests().size());
        env.remove("HF_HUB_OFFLINE");
        env.put("HF_ENDPOINT", "http://127.0.0.1:1");
        assertDownloadError(run("download", "gpt2"), "cannot connect to http://127.0.0.1:1 (connection refused)");
    }
}
