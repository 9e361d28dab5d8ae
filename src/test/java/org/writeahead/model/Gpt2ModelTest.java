package org.writeahead.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.writeahead.testing.Fixtures;
import org.writeahead.weights.Checkpoint;

/** The DJL forward pass against the fixture's float64 reference and against a naive forward. */
class Gpt2ModelTest {

    private static Gpt2Model model;
    private static List<Fixtures.Case> cases;

    @BeforeAll
    static void load() throws Exception {
        model = Gpt2Model.load(Fixtures.TINY_GPT2, Device.cpu());
        cases = Fixtures.cases();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static float[] prefill(int[] ids) {
        try (KvCache cache = model.newCache()) {
            return model.nextTokenLogits(new int[][] {ids}, cache)[0];
        }
    }

    @Test
    void lastPositionLogitsMatchTheReferenceTo1e4() {
        for (Fixtures.Case c : cases) {
            float[] logits = prefill(c.ids());
            for (int i = 0; i < c.top10Ids().length; i++) {
                assertEquals(c.top10Logits()[i], logits[c.top10Ids()[i]], 1e-4, c.prompt() + " top " + i);
            }
            assertEquals(c.logsumexp(), Fixtures.logSumExp(logits), 1e-4, c.prompt());
            double mean = 0;
            for (float v : logits) {
                mean += v;
            }
            assertEquals(c.mean(), mean / logits.length, 1e-4, c.prompt());
            assertEquals(c.top10Ids()[0], Fixtures.argmax(logits), c.prompt());
        }
    }

    @Test
    void greedyWithoutCacheMatchesTheReference() {
        for (Fixtures.Case c : cases) {
            int[] seq = c.ids();
            int[] got = new int[c.greedyIds().length];
            for (int step = 0; step < got.length; step++) {
                got[step] = Fixtures.argmax(prefill(seq));
                seq = Arrays.copyOf(seq, seq.length + 1);
                seq[seq.length - 1] = got[step];
            }
            assertArrayEquals(c.greedyIds(), got, c.prompt());
        }
    }

    @Test
    void greedyWithCacheMatchesTheReferenceAndTheUncachedLogits() {
        for (Fixtures.Case c : cases) {
            try (KvCache cache = model.newCache()) {
                float[] logits = model.nextTokenLogits(new int[][] {c.ids()}, cache)[0];
                int[] seq = c.ids();
                int[] got = new int[c.greedyIds().length];
                for (int step = 0; step < got.length; step++) {
                    got[step] = Fixtures.argmax(logits);
                    seq = Arrays.copyOf(seq, seq.length + 1);
                    seq[seq.length - 1] = got[step];
                    logits = model.nextTokenLogits(new int[][] {{got[step]}}, cache)[0];
                    assertEquals(seq.length, cache.length());
                }
                assertArrayEquals(c.greedyIds(), got, c.prompt());
                float[] uncached = prefill(seq);
                for (int v = 0; v < logits.length; v += 97) {
                    assertEquals(uncached[v], logits[v], 1e-4, "cached and uncached logits differ at " + v);
                }
            }
        }
    }

    @Test
    void batchedRowsSharingOnePrefillMatchSingleRows() {
        int[] prompt = cases.get(0).ids();
        int[] next = {262, 11, 50256};
        try (KvCache prompted = model.newCache()) {
            model.nextTokenLogits(new int[][] {prompt}, prompted);
            KvCache cache = prompted.forkRows(3);
            float[][] batched = model.nextTokenLogits(new int[][] {{next[0]}, {next[1]}, {next[2]}}, cache);
            assertEquals(3, cache.batch());
            cache.close();
            for (int r = 0; r < 3; r++) {
                int[] seq = Arrays.copyOf(prompt, prompt.length + 1);
                seq[prompt.length] = next[r];
                float[] single = prefill(seq);
                for (int v = 0; v < single.length; v += 101) {
                    assertEquals(single[v], batched[r][v], 1e-4, "row " + r + " logit " + v);
                }
            }
        }
    }

    @Test
    void agreesWithANaiveDoublePrecisionForward() throws Exception {
        try (Checkpoint checkpoint = Checkpoint.open(Fixtures.TINY_GPT2)) {
            NaiveGpt2 naive = new NaiveGpt2(Fixtures.TINY_GPT2, checkpoint);
            for (Fixtures.Case c : cases.subList(0, 2)) {
                double[] expected = naive.lastLogits(c.ids());
                float[] got = prefill(c.ids());
                for (int v = 0; v < expected.length; v++) {
                    assertEquals(expected[v], got[v], 1e-4, c.prompt() + " logit " + v);
                }
            }
        }
    }

    @Test
    void tokenLogProbsAreTheLogSoftmaxOfEachPosition() {
        int[] ids = cases.get(3).ids();
        double[] logProbs;
        try (KvCache cache = model.newCache()) {
            logProbs = model.tokenLogProbs(ids, cache);
        }
        assertEquals(ids.length - 1, logProbs.length);
        for (int i = 0; i < logProbs.length; i++) {
            float[] logits = prefill(Arrays.copyOf(ids, i + 1));
            assertEquals(logits[ids[i + 1]] - Fixtures.logSumExp(logits), logProbs[i], 1e-4, "position " + i);
        }
    }

    @Test
    void refusesSequencesLongerThanTheContextAndUnknownIds() {
        try (KvCache cache = model.newCache()) {
            assertThrows(IllegalArgumentException.class, () -> model.nextTokenLogits(new int[][] {new int[65]}, cache));
            assertThrows(IllegalArgumentException.class, () -> model.nextTokenLogits(new int[][] {{50257}}, cache));
            assertThrows(IllegalArgumentException.class, () -> model.nextTokenLogits(new int[][] {{-1}}, cache));
        }
    }
}
