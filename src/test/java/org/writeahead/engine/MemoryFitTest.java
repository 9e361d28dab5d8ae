package org.writeahead.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.writeahead.model.Gpt2Config;

class MemoryFitTest {

    static final long GB = 1_000_000_000L;

    @Test
    void theEstimateIsWeightsKvCacheActivationsAndOverhead() {
        Gpt2Config gpt2 = ModelCatalog.size("gpt2").orElseThrow().config();
        MemoryFit.Estimate e = MemoryFit.estimate(gpt2, 3);
        assertEquals(124_439_808L * 4, e.weights());
        assertEquals(2L * 12 * 1024 * 768 * 4 * 4, e.kvCache(), "keys and values, 12 layers, full context, prompt + 3 rows");
        assertTrue(e.total() > 1.3 * GB && e.total() < 2.0 * GB, "gpt2 needs " + e.total());
        assertTrue(MemoryFit.estimate(gpt2, 8).total() > e.total(), "more suggestions, more cache");
        long xl = MemoryFit.estimate(ModelCatalog.size("gpt2-xl").orElseThrow().config(), 3).total();
        assertTrue(xl > 9 * GB && xl < 10.5 * GB, "gpt2-xl at a full 1024-token context needs " + xl);
    }

    @Test
    void anAbsurdModelIsRefusedAndTheLargestSizeThatFitsIsNamed() {
        Gpt2Config absurd = Gpt2Config.of(96, 12288, 96, 2048); // GPT-3's shape
        MemoryFit.Check check = MemoryFit.check("absurd", MemoryFit.estimate(absurd, 3), MemoryFit.Available.of(4 * GB),
                ModelCatalog.SIZES, 3);
        assertTrue(check.refused());
        assertEquals("gpt2-medium", check.largestThatFits());
        assertTrue(check.message().startsWith("absurd needs about "), check.message());
        assertTrue(check.message().endsWith("only 4.0 GB is available (given); the largest GPT-2 that fits is gpt2-medium"),
                check.message());

        MemoryFit.Check none = MemoryFit.check("gpt2", MemoryFit.estimate(ModelCatalog.SIZES.get(1).config(), 3),
                MemoryFit.Available.of(GB / 2), ModelCatalog.SIZES, 3);
        assertTrue(none.refused());
        assertTrue(none.message().endsWith("none of the GPT-2 sizes fits; the bundled model is smaller"), none.message());
    }

    @Test
    void aModelThatOnlyJustFitsIsAWarning() {
        MemoryFit.Estimate e = MemoryFit.estimate(ModelCatalog.size("gpt2").orElseThrow().config(), 3);
        MemoryFit.Check tight = MemoryFit.check("gpt2", e, MemoryFit.Available.of((long) (e.total() * 1.05)), ModelCatalog.SIZES, 3);
        assertEquals(MemoryFit.Verdict.TIGHT, tight.verdict());
        assertTrue(tight.message().contains("it fits, but little is left"), tight.message());
        MemoryFit.Check roomy = MemoryFit.check("gpt2", e, MemoryFit.Available.of(64 * GB), ModelCatalog.SIZES, 3);
        assertEquals(MemoryFit.Verdict.FITS, roomy.verdict());
        assertNull(roomy.message());
        assertEquals("gpt2-xl", roomy.largestThatFits());
    }

    @Test
    void thisMachineReportsSomeMemory() {
        MemoryFit.Available a = MemoryFit.probe();
        assertTrue(a.available() > 0 && a.available() <= a.limit(), a.toString());
    }
}
