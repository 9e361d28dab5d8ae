package org.writeahead.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.writeahead.generate.SamplingParams;
import org.writeahead.generate.StopAt;
import org.writeahead.model.Gpt2Model;
import org.writeahead.model.Decoder;
import org.writeahead.model.KvCache;
import org.writeahead.testing.Fixtures;

/** The prompt's KV cache kept between requests: same results as a full prefill, fewer tokens fed, nothing piling up. */
class PromptCacheTest {

    private static final SamplingParams HOT = new SamplingParams(1.5, 0, 1.0, 1.2, false);
    private static final String TEXT = "The old house at the end of the street had been empty for years";
    private static final String MORE = TEXT + " and then she";

    private static CompletionEngine engine;
    private static Gpt2Model model;

    @BeforeAll
    static void load() throws Exception {
        engine = CompletionEngine.load(Fixtures.TINY_GPT2, DeviceChoice.CPU);
        model = Gpt2Model.load(Fixtures.TINY_GPT2, Device.cpu());
    }

    @AfterAll
    static void close() {
        engine.close();
        model.close();
    }

    private static CompletionRequest request(String text, long seed) {
        return new CompletionRequest(text, 3, 12, HOT, seed, null, StopAt.NONE, false);
    }

    private static int contextLength(String text) {
        int[] ids = engine.tokenizer().encode(text);
        return ids.length - 1; // the last token is healed away
    }

    @Test
    void reusingThePromptGivesExactlyTheTokensOfAFullPrefill() {
        engine.clearPromptCache();
        Completion cold = engine.complete(request(MORE, 5));
        assertEquals(contextLength(MORE), cold.timing().promptFed(), "an empty cache feeds the whole prompt");

        engine.clearPromptCache();
        engine.complete(request(TEXT, 77));
        Completion warm = engine.complete(request(MORE, 5));
        int common = contextLength(TEXT); // the healed token of TEXT is fed again with what was typed
        assertEquals(contextLength(MORE) - common, warm.timing().promptFed(), "only what was typed since is fed");
        assertEquals(cold.suggestions().size(), warm.suggestions().size());
        for (int i = 0; i < cold.suggestions().size(); i++) {
            assertArrayEquals(cold.suggestions().get(i).tokenIds(), warm.suggestions().get(i).tokenIds(), "row " + i);
        }
        assertEquals(cold.promptTokens(), warm.promptTokens());

        Completion again = engine.complete(request(MORE, 5));
        assertEquals(0, again.timing().promptFed(), "the same prompt again feeds nothing");
        assertEquals(texts(cold), texts(again));
    }

    @Test
    void logitsWithReuseMatchAFullPrefill() {
        int[] a = engine.tokenizer().encode(TEXT);
        int[] b = engine.tokenizer().encode(MORE);
        int[] edited = a.clone();
        edited[5] = (edited[5] + 1) % 200; // an edit early in the prompt: positions 0..4 still hold
        try (PromptCache kept = new PromptCache(model); PromptCache fresh = new PromptCache(model)) {
            kept.prefill(a);
            PromptCache.Prefill grown = kept.prefill(b);
            assertEquals(a.length, grown.reused());
            assertEquals(b.length - a.length, grown.fed());
            assertClose(fresh.prefill(b).logits(), grown.logits());

            fresh.clear();
            PromptCache.Prefill changed = kept.prefill(edited);
            assertEquals(5, changed.reused(), "a prefix edit keeps the positions before it");
            assertEquals(edited.length - 5, changed.fed());
            assertEquals(edited.length, kept.length());
            assertClose(fresh.prefill(edited).logits(), changed.logits());

            PromptCache.Prefill shorter = kept.prefill(Arrays.copyOf(edited, 4));
            assertEquals(3, shorter.reused(), "a prompt inside the kept one still feeds its last token, for its logits");
            assertEquals(1, shorter.fed());
            fresh.clear();
            assertClose(fresh.prefill(Arrays.copyOf(edited, 4)).logits(), shorter.logits());

            int[] other = engine.tokenizer().encode("Something else entirely");
            PromptCache.Prefill moved = kept.prefill(other);
            assertEquals(0, moved.reused(), "a different start is a full prefill");
            assertEquals(other.length, moved.fed());
        }
    }

    @Test
    void aDecoderGrowsOnACopyThatOutlivesTheKeptCache() {
        int[] a = engine.tokenizer().encode(TEXT);
        try (PromptCache kept = new PromptCache(model)) {
            float[] logits = kept.prefill(a).logits();
            try (Decoder rows = kept.decoder(2)) {
                kept.prefill(engine.tokenizer().encode("Something else entirely"));
                kept.clear();
                // The rows still hold the first prompt: one more token gives the same logits for both rows.
                float[][] next = rows.step(new int[] {7, 7});
                try (KvCache reference = model.newCache()) {
                    model.nextTokenLogits(new int[][] {a}, reference);
                    float[] expected = model.nextTokenLogits(new int[][] {{7}}, reference)[0];
                    assertClose(expected, next[0]);
                    assertClose(expected, next[1]);
                }
            }
            assertTrue(logits.length > 0);
        }
    }

    @Test
    void preparingFeedsThePromptSoTheRequestFeedsNothing() {
        engine.clearPromptCache();
        engine.complete(request("Something to set the request's shape", 1)); // prepare uses the latest request's length
        Completion unprepared = engine.complete(request(MORE, 9));
        engine.clearPromptCache();
        assertEquals(contextLength(MORE), engine.prepare(MORE));
        assertEquals(0, engine.prepare(MORE), "preparing twice feeds nothing the second time");
        Completion prepared = engine.complete(request(MORE, 9));
        assertEquals(0, prepared.timing().promptFed());
        assertEquals(texts(unprepared), texts(prepared));
        for (int i = 0; i < unprepared.suggestions().size(); i++) {
            assertArrayEquals(unprepared.suggestions().get(i).tokenIds(), prepared.suggestions().get(i).tokenIds());
        }
    }

    @Test
    void preparingKeepsTheLatestRowsForExtending() {
        engine.complete(request(TEXT, 3));
        var rows = engine.rowTexts();
        engine.prepare(MORE);
        Completion longer = engine.extend(rows, 2, CompletionListener.NONE, new Cancellation());
        assertEquals(2, longer.timing().steps());
    }

    @Test
    void manyRequestsLeaveNoArraysBehind() {
        String[] texts = {TEXT, MORE, MORE + " went", "A different document altogether", TEXT};
        for (int i = 0; i < 5; i++) {
            engine.complete(request(texts[i % texts.length], i));
        }
        int before = allArrays();
        assertTrue(before > 2 * engine.config().nLayer(), "the count sees the model's arrays: " + before);
        for (int i = 0; i < 30; i++) {
            if (i % 3 == 0) {
                engine.prepare(texts[(i + 1) % texts.length] + " x");
            }
            engine.complete(request(texts[i % texts.length], i));
        }
        int after = allArrays();
        assertTrue(after <= before, "arrays grew from " + before + " to " + after);
        int[] size = engine.promptCacheSize();
        assertEquals(2 * engine.config().nLayer(), size[1], "one key and one value array per layer");
        assertTrue(size[0] > 0 && size[0] < engine.config().nPositions());
    }

    /** Every NDArray alive in the engine's system manager (all base managers are its children). */
    private static int allArrays() {
        try (NDManager probe = NDManager.newBaseManager(Device.cpu())) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4, "logit " + i);
        }
    }

    private static java.util.List<String> texts(Completion c) {
        return c.suggestions().stream().map(Suggestion::text).toList();
    }
}
