package org.writeahead.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    private static void half(int bits, float value) {
        assertEquals(Float.floatToIntBits(value), Float.floatToIntBits(HalfFloats.fromHalf((short) bits)),
                "fromHalf 0x" + Integer.toHexString(bits));
        assertEquals((short) bits, HalfFloats.toHalf(value), "toHalf " + value);
    }

    @Test
    void halfKnownBitPatterns() {
        half(0x3C00, 1.0f);
        half(0xBC00, -1.0f);
        half(0x4000, 2.0f);
        half(0x3555, 0.333251953125f);
        half(0x7BFF, 65504f);
        half(0x0400, 0x1p-14f); // smallest normal
        half(0x0001, 0x1p-24f); // smallest subnormal, 5.96e-8
        half(0x03FF, 1023 * 0x1p-24f); // largest subnormal
        half(0x0000, 0.0f);
        half(0x8000, -0.0f);
        half(0x7C00, Float.POSITIVE_INFINITY);
        half(0xFC00, Float.NEGATIVE_INFINITY);
        assertEquals(5.9604645E-8f, HalfFloats.fromHalf((short) 1));
        assertTrue(Float.isNaN(HalfFloats.fromHalf((short) 0x7E00)));
        assertTrue(Float.isNaN(HalfFloats.fromHalf((short) 0x7C01)));
    }

    @Test
    void toHalfRoundsToNearestEven() {
        // 1 + 2^-11 is exactly halfway between 1.0 (even) and 1 + 2^-10: ties go to even.
        assertEquals((short) 0x3C00, HalfFloats.toHalf(1f + 0x1p-11f));
        // 1 + 3*2^-11 is halfway between 0x3C01 (odd) and 0x3C02 (even).
        assertEquals((short) 0x3C02, HalfFloats.toHalf(1f + 3 * 0x1p-11f));
        // Just above halfway rounds up.
        assertEquals((short) 0x3C01, HalfFloats.toHalf(Math.nextUp(1f + 0x1p-11f)));
        // 65519 rounds down to 65504; 65520 (halfway to 2^16) rounds to even, i.e. infinity.
        assertEquals((short) 0x7BFF, HalfFloats.toHalf(65519f));
        assertEquals((short) 0x7C00, HalfFloats.toHalf(65520f));
        assertEquals((short) 0x7C00, HalfFloats.toHalf(1e10f));
        // Subnormal rounding: 2^-25 is a tie between 0 and 2^-24 -> 0; slightly more -> 2^-24.
        assertEquals((short) 0x0000, HalfFloats.toHalf(0x1p-25f));
        assertEquals((short) 0x0001, HalfFloats.toHalf(Math.nextUp(0x1p-25f)));
        // Subnormal ties: 2.5 units of 2^-24 -> 2 (even), 3.5 units -> 4 (even).
        assertEquals((short) 0x0002, HalfFloats.toHalf(2.5f * 0x1p-24f));
        assertEquals((short) 0x0004, HalfFloats.toHalf(3.5f * 0x1p-24f));
        assertEquals((short) 0x8000, HalfFloats.toHalf(-1e-30f));
        assertEquals((short) 0x0000, HalfFloats.toHalf(Float.MIN_VALUE));
        // The largest subnormal plus half a step rounds up into the smallest normal.
        assertEquals((short) 0x0400, HalfFloats.toHalf(1023.5f * 0x1p-24f));
    }

    @Test
    void halfNaNStaysNaN() {
        short h = HalfFloats.toHalf(Float.NaN);
        assertEquals(0x7C00, h & 0x7C00);
        assertTrue((h & 0x3FF) != 0);
        // A NaN whose payload lives only in the low bits must not become infinity.
        short low = HalfFloats.toHalf(Float.intBitsToFloat(0x7F800001));
        assertTrue(Float.isNaN(HalfFloats.fromHalf(low)));
    }

    @Test
    void everyHalfRoundTripsExactly() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = HalfFloats.fromHalf((short) bits);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(HalfFloats.fromHalf(HalfFloats.toHalf(f))));
            } else {
                assertEquals((short) bits, HalfFloats.toHalf(f), "bits 0x" + Integer.toHexString(bits));
            }
        }
    }

    @Test
    void bfloat16KnownBitPatterns() {
        assertEquals(1.0f, HalfFloats.fromBfloat16((short) 0x3F80));
        assertEquals(-2.0f, HalfFloats.fromBfloat16((short) 0xC000));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.fromBfloat16((short) 0x7F80));
        assertEquals((short) 0x3F80, HalfFloats.toBfloat16(1.0f));
        assertEquals((short) 0x4049, HalfFloats.toBfloat16((float) Math.PI)); // 3.140625
        assertEquals((short) 0x7F80, HalfFloats.toBfloat16(Float.POSITIVE_INFINITY));
        assertEquals((short) 0x8000, HalfFloats.toBfloat16(-0.0f));
        // Ties to even: 1 + 2^-8 is halfway between 0x3F80 (even) and 0x3F81.
        assertEquals((short) 0x3F80, HalfFloats.toBfloat16(1f + 0x1p-8f));
        assertEquals((short) 0x3F82, HalfFloats.toBfloat16(1f + 3 * 0x1p-8f));
        assertEquals((short) 0x3F81, HalfFloats.toBfloat16(Math.nextUp(1f + 0x1p-8f)));
        // Float.MAX_VALUE rounds up to infinity.
        assertEquals((short) 0x7F80, HalfFloats.toBfloat16(Float.MAX_VALUE));
    }

    @Test
    void bfloat16NaNPreserved() {
        assertTrue(Float.isNaN(HalfFloats.fromBfloat16(HalfFloats.toBfloat16(Float.NaN))));
        // Payload only in the low 16 bits: truncation alone would give infinity.
        short b = HalfFloats.toBfloat16(Float.intBitsToFloat(0x7F800001));
        assertTrue(Float.isNaN(HalfFloats.fromBfloat16(b)));
        short neg = HalfFloats.toBfloat16(Float.intBitsToFloat(0xFFC00000));
        assertEquals((short) 0xFFC0, neg);
    }
}
