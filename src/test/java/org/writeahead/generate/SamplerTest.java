package org.writeahead.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final SamplingParams GREEDY = new SamplingParams(1.0, 0, 1.0, 1.0, true);

    private static SamplingParams sampling(double temperature, int topK, double topP) {
        return new SamplingParams(temperature, topK, topP, 1.0, false);
    }

    /** Logits whose softmax is exactly the given probabilities. */
    private static float[] logitsOf(double... probs) {
        float[] l = new float[probs.length];
        for (int i = 0; i < probs.length; i++) {
            l[i] = (float) Math.log(probs[i]);
        }
        return l;
    }

    private static int[] counts(Sampler s, float[] logits, SamplingParams p, int draws) {
        int[] c = new int[logits.length];
        for (int i = 0; i < draws; i++) {
            c[s.sample(logits, p, null, null)]++;
        }
        return c;
    }

    @Test
    void greedyPicksArgmax() {
        assertEquals(2, new Sampler(1).sample(new float[] {0.1f, -3f, 4f, 3.9f}, GREEDY, null, null));
    }

    @Test
    void greedyTiesGoToLowestId() {
        assertEquals(1, new Sampler(1).sample(new float[] {0f, 5f, 5f, 5f}, GREEDY, null, null));
    }

    @Test
    void temperatureZeroAndTopPZeroAreGreedy() {
        float[] logits = {1f, 2f, 1.99f};
        Sampler s = new Sampler(7);
        for (int i = 0; i < 100; i++) {
            assertEquals(1, s.sample(logits, sampling(0.0, 0, 0.9), null, null));
            assertEquals(1, s.sample(logits, sampling(1.0, 0, 0.0), null, null));
        }
    }

    @Test
    void topKOneIsGreedy() {
        float[] logits = {1f, 2f, 1.99f, 1.98f};
        Sampler s = new Sampler(7);
        for (int i = 0; i < 200; i++) {
            assertEquals(1, s.sample(logits, sampling(5.0, 1, 1.0), null, null));
        }
    }

    @Test
    void topKKeepsOnlyTheBestK() {
        int[] c = counts(new Sampler(3), new float[] {0f, 3f, 2f, 1f, -1f}, sampling(10.0, 2, 1.0), 2000);
        assertTrue(c[1] > 0 && c[2] > 0);
        assertEquals(0, c[0] + c[3] + c[4]);
    }

    @Test
    void topKAboveVocabIsClamped() {
        int[] c = counts(new Sampler(3), logitsOf(0.5, 0.5), sampling(1.0, 1000, 1.0), 200);
        assertTrue(c[0] > 0 && c[1] > 0);
    }

    @Test
    void topPKeepsTheTokenThatCrossesTheThreshold() {
        int[] c = counts(new Sampler(11), logitsOf(0.5, 0.3, 0.2), sampling(1.0, 0, 0.6), 1000);
        assertTrue(c[0] > 0, "id 0 sampled");
        assertTrue(c[1] > 0, "id 1 sampled");
        assertEquals(0, c[2], "id 2 is outside the nucleus");
    }

    @Test
    void topPBelowTheFirstProbabilityKeepsOneToken() {
        int[] c = counts(new Sampler(11), logitsOf(0.5, 0.3, 0.2), sampling(1.0, 0, 0.1), 200);
        assertEquals(200, c[0]);
    }

    @Test
    void topPAfterTopKMeasuresMassWithinTopK() {
        // After top-2 the distribution is [0.625, 0.375]; topP 0.6 then keeps only id 0.
        int[] c = counts(new Sampler(5), logitsOf(0.5, 0.3, 0.2), sampling(1.0, 2, 0.6), 300);
        assertEquals(300, c[0]);
    }

    @Test
    void topPOnALargeVocabularyMatchesANaiveNucleus() {
        Random r = new Random(42);
        int n = 50_257;
        float[] logits = new float[n];
        for (int i = 0; i < n; i++) {
            logits[i] = (float) (r.nextGaussian() * 3);
        }
        double topP = 0.5;
        // Reference: full sort by probability, smallest prefix reaching topP.
        double max = 0;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] w = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp(logits[i] - max);
            total += w[i];
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -w[i]));
        Set<Integer> nucleus = new HashSet<>();
        double cumulative = 0;
        for (Integer id : order) {
            nucleus.add(id);
            cumulative += w[id] / total;
            if (cumulative >= topP) {
                break;
            }
        }
        Sampler s = new Sampler(1);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int id = s.sample(logits, sampling(1.0, 0, topP), null, null);
            assertTrue(nucleus.contains(id), "id " + id + " outside the nucleus");
            seen.add(id);
        }
        assertTrue(seen.size() > Math.min(20, nucleus.size() / 2), "draws spread over the nucleus");
    }

    @Test
    void repetitionPenaltyDividesPositiveLogits() {
        TokenHistory h = new TokenHistory();
        h.add(0);
        SamplingParams p = new SamplingParams(1.0, 0, 1.0, 2.0, true);
        // 2.0 / 2 = 1.0 < 1.9
        assertEquals(1, new Sampler(1).sample(new float[] {2.0f, 1.9f}, p, h, null));
        // 4.0 / 2 = 2.0 > 1.9
        assertEquals(0, new Sampler(1).sample(new float[] {4.0f, 1.9f}, p, h, null));
    }

    @Test
    void repetitionPenaltyMultipliesNegativeLogits() {
        TokenHistory h = new TokenHistory();
        h.add(0);
        SamplingParams p = new SamplingParams(1.0, 0, 1.0, 2.0, true);
        // -1.0 * 2 = -2.0 < -1.5; without the penalty id 0 would win.
        assertEquals(1, new Sampler(1).sample(new float[] {-1.0f, -1.5f}, p, h, null));
        assertEquals(0, new Sampler(1).sample(new float[] {-1.0f, -1.5f}, p, new TokenHistory(), null));
    }

    @Test
    void repetitionPenaltyIgnoresIdsOutsideTheVocabulary() {
        TokenHistory h = new TokenHistory();
        h.add(99);
        SamplingParams p = new SamplingParams(1.0, 0, 1.0, 2.0, true);
        assertEquals(0, new Sampler(1).sample(new float[] {2.0f, 1.9f}, p, h, null));
    }

    @Test
    void allowedMaskRestrictsCandidates() {
        BitSet allowed = new BitSet();
        allowed.set(1);
        allowed.set(3);
        float[] logits = {9f, 1f, 8f, 2f};
        assertEquals(3, new Sampler(1).sample(logits, GREEDY, null, allowed));
        Sampler s = new Sampler(2);
        for (int i = 0; i < 200; i++) {
            int id = s.sample(logits, sampling(3.0, 0, 1.0), null, allowed);
            assertTrue(id == 1 || id == 3);
        }
    }

    @Test
    void allowedSetOutsideVocabularyIsRejected() {
        BitSet allowed = new BitSet();
        allowed.set(10);
        assertThrows(IllegalArgumentException.class,
                () -> new Sampler(1).sample(new float[] {1f, 2f}, GREEDY, null, allowed));
    }

    @Test
    void doesNotModifyCallersLogits() {
        float[] logits = {2.0f, -1.0f, 0.5f};
        float[] before = logits.clone();
        TokenHistory h = new TokenHistory();
        h.addAll(new int[] {0, 1});
        BitSet allowed = new BitSet();
        allowed.set(0, 2);
        new Sampler(1).sample(logits, new SamplingParams(0.7, 2, 0.9, 1.3, false), h, allowed);
        assertArrayEquals(before, logits);
    }

    @Test
    void nanLogitsThrow() {
        NonFiniteLogitsException e = assertThrows(NonFiniteLogitsException.class,
                () -> new Sampler(1).sample(new float[] {1f, Float.NaN}, GREEDY, null, null));
        assertEquals("the model produced NaN logits at token id 1", e.getMessage());
    }

    @Test
    void positiveInfinityThrows() {
        assertThrows(NonFiniteLogitsException.class, () -> new Sampler(1)
                .sample(new float[] {Float.POSITIVE_INFINITY, 1f}, SamplingParams.defaults(), null, null));
    }

    @Test
    void negativeInfinityIsAMaskedToken() {
        float[] logits = {Float.NEGATIVE_INFINITY, 0f, Float.NEGATIVE_INFINITY, 0f};
        Sampler s = new Sampler(4);
        for (int i = 0; i < 200; i++) {
            int id = s.sample(logits, sampling(1.0, 0, 1.0), null, null);
            assertTrue(id == 1 || id == 3);
        }
    }

    @Test
    void allAllowedLogitsNegativeInfinityThrows() {
        float[] logits = {Float.NEGATIVE_INFINITY, 5f};
        BitSet allowed = new BitSet();
        allowed.set(0);
        assertThrows(NonFiniteLogitsException.class,
                () -> new Sampler(1).sample(logits, SamplingParams.defaults(), null, allowed));
        assertThrows(NonFiniteLogitsException.class, () -> new Sampler(1)
                .sample(new float[] {Float.NEGATIVE_INFINITY}, GREEDY, null, null));
    }

    @Test
    void sameSeedGivesSameSequence() {
        float[] logits = {0.1f, 0.2f, 0.3f, 0.4f, 0.0f};
        SamplingParams p = sampling(1.5, 0, 1.0);
        Sampler a = new Sampler(123);
        Sampler b = new Sampler(123);
        int[] sa = new int[50];
        int[] sb = new int[50];
        for (int i = 0; i < 50; i++) {
            sa[i] = a.sample(logits, p, null, null);
            sb[i] = b.sample(logits, p, null, null);
        }
        assertArrayEquals(sa, sb);
        assertTrue(Arrays.stream(sa).distinct().count() > 1);
    }

    @Test
    void frequenciesFollowTheDistribution() {
        int[] c = counts(new Sampler(99), logitsOf(0.7, 0.3), sampling(1.0, 0, 1.0), 10_000);
        // Standard deviation of the count is sqrt(10000 * 0.21) ~ 46; allow ~4.4 sigma.
        assertEquals(7000, c[0], 200);
        assertEquals(10_000, c[0] + c[1]);
    }

    @Test
    void temperatureSharpensTheDistribution() {
        // At T = 0.5, [0.7, 0.3] becomes [0.49, 0.09] / 0.58 = [0.845, 0.155].
        int[] c = counts(new Sampler(99), logitsOf(0.7, 0.3), sampling(0.5, 0, 1.0), 10_000);
        assertEquals(8448, c[0], 200);
    }
}
