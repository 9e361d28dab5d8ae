package org.writeahead.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.writeahead.testing.Fixtures;

class PerplexityTest {

    private static CompletionEngine engine;

    @BeforeAll
    static void load() throws Exception {
        engine = CompletionEngine.load(Fixtures.TINY_GPT2, DeviceChoice.CPU);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void aTextThatFitsOneWindowIsScoredTokenByToken() {
        int[] tokens = engine.tokenizer().encode("It was a dark and stormy night; the rain fell in torrents");
        double[] logProbs = engine.tokenLogProbs(tokens);
        double sum = 0;
        for (double lp : logProbs) {
            sum -= lp;
        }
        Perplexity.Result r = Perplexity.of(engine, tokens, 512 > 64 ? 64 : 512);
        assertEquals(tokens.length, r.tokens());
        assertEquals(tokens.length - 1, r.scored());
        assertEquals(sum / (tokens.length - 1), r.meanNll(), 1e-9);
        assertEquals(Math.exp(r.meanNll()), r.perplexity(), 1e-9);
    }

    @Test
    void slidingWindowsScoreEveryTokenOnceWithContext() {
        int[] tokens = engine.tokenizer().encode("The quick brown fox jumps over the lazy dog. ".repeat(30));
        for (int stride : new int[] {1, 16, 63, 64}) {
            Perplexity.Result r = Perplexity.of(engine, tokens, stride);
            assertEquals(tokens.length - 1, r.scored(), "stride " + stride);
        }
        // With a small stride every token after the first window sees 63 tokens of context;
        // the random model is not helped by context, so the means are close but not equal.
        double full = Perplexity.of(engine, tokens, 64).meanNll();
        double overlapping = Perplexity.of(engine, tokens, 16).meanNll();
        assertEquals(full, overlapping, 0.5);
        assertThrows(IllegalArgumentException.class, () -> Perplexity.of(engine, tokens, 65));
        assertThrows(IllegalArgumentException.class, () -> Perplexity.of(engine, tokens, 0));
    }
}
