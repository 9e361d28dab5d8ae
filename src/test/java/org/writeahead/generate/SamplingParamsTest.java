package org.writeahead.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SamplingParamsTest {

    @Test
    void defaultsAreNucleusSampling() {
        SamplingParams p = SamplingParams.defaults();
        assertEquals(new SamplingParams(1.0, 0, 0.9, 1.0, false), p);
        assertFalse(p.isGreedy());
    }

    @Test
    void greedyWhenAskedOrTemperatureZeroOrTopPNotPositive() {
        assertTrue(new SamplingParams(1.0, 0, 0.9, 1.0, true).isGreedy());
        assertTrue(new SamplingParams(0.0, 0, 0.9, 1.0, false).isGreedy());
        assertTrue(new SamplingParams(1.0, 0, 0.0, 1.0, false).isGreedy());
        assertTrue(new SamplingParams(1.0, 0, -0.5, 1.0, false).isGreedy());
        assertFalse(new SamplingParams(0.01, 0, 1.0, 1.0, false).isGreedy());
    }

    @Test
    void boundsAreInclusive() {
        new SamplingParams(100.0, 50_000, 1.0, 100.0, false);
        new SamplingParams(0.0, 0, 1.0, 0.0001, false);
    }

    @Test
    void rejectsBadTemperature() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SamplingParams(-1.0, 0, 0.9, 1.0, false));
        assertEquals("temperature must be between 0 and 100, got -1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SamplingParams(100.5, 0, 0.9, 1.0, false));
        assertThrows(IllegalArgumentException.class,
                () -> new SamplingParams(Double.NaN, 0, 0.9, 1.0, false));
    }

    @Test
    void rejectsBadTopKTopPAndPenalty() {
        assertEquals("top-k must be 0 (off) or positive, got -1",
                assertThrows(IllegalArgumentException.class,
                        () -> new SamplingParams(1.0, -1, 0.9, 1.0, false)).getMessage());
        assertEquals("top-p must be at most 1, got 1.5",
                assertThrows(IllegalArgumentException.class,
                        () -> new SamplingParams(1.0, 0, 1.5, 1.0, false)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SamplingParams(1.0, 0, Double.NaN, 1.0, false));
        assertEquals("the repetition penalty must be greater than 0 and at most 100, got 0.0",
                assertThrows(IllegalArgumentException.class,
                        () -> new SamplingParams(1.0, 0, 0.9, 0.0, false)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SamplingParams(1.0, 0, 0.9, -2.0, false));
        assertThrows(IllegalArgumentException.class, () -> new SamplingParams(1.0, 0, 0.9, 101.0, false));
        assertThrows(IllegalArgumentException.class,
                () -> new SamplingParams(1.0, 0, 0.9, Double.NaN, false));
    }
}
