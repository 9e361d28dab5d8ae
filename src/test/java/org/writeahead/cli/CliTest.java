package org.writeahead.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.writeahead.testing.Fixtures;

/** The command line as scripts use it: output, exit codes, and one-line errors. */
class CliTest {

    private static final String MODEL = Fixtures.TINY_GPT2.toString();

    record Run(int code, String out, String err) {}

    private static Run withStdin(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            if (stdin != null) {
                System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            }
            int code = Cli.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    private static Run run(String... args) {
        return withStdin(null, args);
    }

    private static void assertUsageError(Run r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void theModelsGenerationConfigSetsTheSamplingDefaults(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("cool");
        Files.createDirectories(model);
        for (String f : new String[] {"config.json", "tokenizer.json", "model.safetensors"}) {
            Files.copy(Fixtures.TINY_GPT2.resolve(f), model.resolve(f));
        }
        // Temperature 0 in the folder: greedy without --greedy, so the reference ids come out.
        Files.writeString(model.resolve("generation_config.json"), "{\"temperature\": 0}");
        Run r = run("complete", "--model", model.toString(), "--raw", "--n", "1", "--max-tokens", "10", "--json", "Hello, my dog is cute");
        assertEquals(0, r.code(), r.err());
        JsonArray ids = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("suggestions").get(0).getAsJsonObject().getAsJsonArray("token_ids");
        assertEquals(Fixtures.cases().get(0).greedyIds()[9], ids.get(9).getAsInt());
        // An explicit option still wins over the folder's recommendation.
        Run hot = run("complete", "--model", model.toString(), "--raw", "--n", "3", "--max-tokens", "10", "--temperature", "5", "--seed", "3", "--json", "Hello, my dog is cute");
        assertEquals(0, hot.code(), hot.err());
        assertTrue(JsonParser.parseString(hot.out()).getAsJsonObject().getAsJsonArray("suggestions").size() > 1, "hot sampling differs between rows");
        Files.writeString(model.resolve("generation_config.json"), "{\"top_p\": 7}");
        assertUsageError(run("complete", "--model", model.toString(), "Hello"), "generation_config.json");
    }

    @Test
    void perplexityOfATextTooShortToScoreIsAClearError(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertUsageError(run("perplexity", "--model", MODEL, empty.toString()), "needs at least two");
    }

    @Test
    void aLongRequestKeepsThePromptAndEndsWhereTheContextIsFull() throws Exception {
        // The fixture's context is 64: 63 new tokens would leave no room for the prompt, so the
        // prompt keeps half the context and the suggestion ends when the context is full.
        Run r = run("complete", "--model", MODEL, "--greedy", "--raw", "--n", "1", "--max-tokens", "63", "--json", "Hello, my dog is cute");
        assertEquals(0, r.code(), r.err());
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(6, json.get("prompt_tokens").getAsInt());
        JsonArray ids = json.getAsJsonArray("suggestions").get(0).getAsJsonObject().getAsJsonArray("token_ids");
        // 6 prompt tokens and 58 fed new ones fill the 64 positions; the last token is predicted
        // from the full context and never needs feeding.
        assertEquals(64 - 6 + 1, ids.size());
        assertEquals(Fixtures.cases().get(0).greedyIds()[0], ids.get(0).getAsInt());
    }

    @Test
    void completeJsonGivesTheReferenceGreedyIds() throws Exception {
        Run r = run("complete", "--model", MODEL, "--greedy", "--raw", "--n", "1", "--max-tokens", "10", "--json", "Hello, my dog is cute");
        assertEquals(0, r.code(), r.err());
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("cpu", json.get("device").getAsString());
        assertEquals(6, json.get("prompt_tokens").getAsInt());
        JsonArray ids = json.getAsJsonArray("suggestions").get(0).getAsJsonObject().getAsJsonArray("token_ids");
        int[] got = new int[ids.size()];
        for (int i = 0; i < got.length; i++) {
            got[i] = ids.get(i).getAsInt();
        }
        assertArrayEquals(Fixtures.cases().get(0).greedyIds(), got);
        JsonObject timing = json.getAsJsonObject("timing_ms");
        for (String key : new String[] {"load", "prefill", "first_token", "per_step", "total"}) {
            assertTrue(timing.get(key).getAsDouble() >= 0, key);
        }
        assertTrue(timing.get("total").getAsDouble() >= timing.get("prefill").getAsDouble());
    }

    @Test
    void completeReadsStandardInputAndPrintsPlainSuggestions() {
        Run r = withStdin("Hello, my dog is cute", "complete", "--model", MODEL, "--greedy", "--raw", "--n", "1", "--max-tokens", "3", "-");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("--- 1 ---\n mech rugby Rust"), r.out());
    }

    @Test
    void badArgumentsGiveOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        assertUsageError(run("complete", "--model", MODEL, "--frobnicate", "x"), "Unknown option");
        assertUsageError(run("complete", "--model", MODEL, "--temperature", "-1", "x"), "temperature");
        assertUsageError(run("complete", "--model", MODEL, "--n", "0", "x"), "number of suggestions");
        assertUsageError(run("complete", "--model", MODEL, "--max-tokens", "abc", "x"), "--max-tokens");
        assertUsageError(run("complete", "--model", MODEL, "--stop", "chapter", "x"), "chapter");
        assertUsageError(run("complete", "--model", MODEL, "--max-time", "0", "x"), "--max-time");
        assertUsageError(run("complete", "--model", MODEL, "--device", "tpu", "x"), "device");
        assertUsageError(run("complete", "--model", dir.resolve("nowhere").toString(), "x"), "no model");
        assertUsageError(run("complete", "--model", "../etc", "x"), "no model");

        Path truncated = Files.createDirectories(dir.resolve("truncated"));
        for (String f : new String[] {"config.json", "tokenizer.json"}) {
            Files.copy(Fixtures.TINY_GPT2.resolve(f), truncated.resolve(f));
        }
        byte[] weights = Files.readAllBytes(Fixtures.TINY_GPT2.resolve("model.safetensors"));
        Files.write(truncated.resolve("model.safetensors"), java.util.Arrays.copyOf(weights, weights.length / 2));
        assertUsageError(run("complete", "--model", truncated.toString(), "x"), "truncated");

        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "caf\u00e9 cr\u00e8me".getBytes(StandardCharsets.ISO_8859_1));
        assertUsageError(run("perplexity", "--model", MODEL, latin1.toString()), "not UTF-8");
        assertUsageError(run("perplexity", "--model", MODEL, dir.resolve("missing.txt").toString()), "no such file");
        assertUsageError(run("bench", "--model", MODEL, "--prompt-tokens", "100"), "do not fit");

        Path out = dir.resolve("never-made");
        assertUsageError(run("train", "--data", dir.resolve("no-books").toString(), "--out", out.toString(), "--steps", "1"), "is not a folder");
        assertTrue(Files.notExists(out), "a bad --data leaves no --out folder behind");
    }

    @Test
    void perplexityPrintsTokensNllAndPerplexity(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "It was a dark and stormy night; the rain fell in torrents. ".repeat(20));
        Run r = run("perplexity", "--model", MODEL, "--stride", "16", text.toString(), text.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[0].matches(".*text\\.txt\ttokens \\d+\tmean NLL \\d+\\.\\d{4}\tperplexity \\d+\\.\\d{2}"), lines[0]);
        assertTrue(lines[2].startsWith("total\t"), lines[2]);
    }

    @Test
    void benchReportsMedians() {
        Run r = run("bench", "--model", MODEL, "--prompt-tokens", "20", "--max-tokens", "5", "--runs", "2", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(20, json.get("prompt_tokens").getAsInt());
        assertEquals("float32", json.get("precision").getAsString());
        assertTrue(json.get("decode").getAsString().startsWith("cpu kernel, "), json.get("decode").getAsString());
        assertTrue(json.getAsJsonObject("median_ms").get("per_step").getAsDouble() > 0);
        assertTrue(json.get("peak_rss_mb").getAsLong() > 0);
        // Cold feeds the whole (healed) prompt; warm only the few tokens typed since the last request.
        JsonObject cold = json.getAsJsonObject("cold");
        JsonObject warm = json.getAsJsonObject("warm");
        assertEquals(19, cold.get("prompt_tokens_fed").getAsInt());
        int typed = warm.get("prompt_tokens").getAsInt() - cold.get("prompt_tokens").getAsInt();
        assertTrue(typed >= 2 && typed <= 6, "a few words typed: " + typed);
        assertEquals(typed, warm.get("prompt_tokens_fed").getAsInt());
        for (JsonObject kind : new JsonObject[] {cold, warm}) {
            JsonObject ms = kind.getAsJsonObject("median_ms");
            assertTrue(ms.get("first_token").getAsDouble() > 0 && ms.get("total").getAsDouble() >= ms.get("first_token").getAsDouble());
            assertTrue(ms.get("per_step").getAsDouble() > 0);
            assertTrue(kind.get("prefill_tokens_per_s").getAsDouble() > 0);
        }
        JsonObject prepared = json.getAsJsonObject("prepared");
        assertEquals(0, prepared.get("prompt_tokens_fed").getAsInt(), "the pause fed the prompt; the request feeds nothing");
        assertTrue(prepared.get("prompt_tokens").getAsInt() > warm.get("prompt_tokens").getAsInt());
        assertTrue(json.getAsJsonObject("matmul").get("median_gflops").getAsDouble() > 0);
        assertTrue(json.get("other_programs_cores").getAsDouble() >= 0);
        double fraction = json.get("prefill_fraction_of_matmul").getAsDouble();
        assertTrue(fraction > 0 && fraction < 10, "fraction " + fraction);
    }

    @Test
    void benchTextNamesColdAndWarm() {
        Run r = run("bench", "--model", MODEL, "--prompt-tokens", "12", "--max-tokens", "3", "--runs", "1");
        assertEquals(0, r.code(), r.err());
        for (String line : new String[] {"tokens fed", "first token", "decode step", "prefill rate", "matmul", "peak memory"}) {
            assertTrue(r.out().contains(line), line + " in\n" + r.out());
        }
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+cold\\s+warm\\s+prepared")), r.out());
    }
}
