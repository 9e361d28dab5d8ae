package org.writeahead.weights;

/**
 * Conversions between float32 and the two 16-bit float formats, done in Java because DJL cannot be
 * trusted with them (handing it BF16 data aborts the JVM). Both narrowing conversions round to
 * nearest, ties to even, like PyTorch does, so a round trip through Python gives the same bits.
 */
public final class HalfFloats {
    private HalfFloats() {}

    /** IEEE 754 binary16 bits to float; exact (every half value is a float). */
    public static float fromHalf(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0) {
            // Zero or subnormal: mant * 2^-24, exact in float arithmetic.
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (exp == 0x1F) {
            // Infinity, or NaN with its payload kept in the top mantissa bits.
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** Float to binary16 bits, round to nearest even; overflow gives infinity, NaN stays NaN. */
    public static short toHalf(float value) {
        int f = Float.floatToRawIntBits(value);
        int sign = (f >>> 16) & 0x8000;
        int exp = (f >>> 23) & 0xFF;
        int mant = f & 0x7F_FFFF;
        if (exp == 0xFF) {
            if (mant == 0) {
                return (short) (sign | 0x7C00);
            }
            // Keep the top payload bits, and force the quiet bit so the result is never infinity.
            return (short) (sign | 0x7C00 | 0x200 | (mant >>> 13));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            // Result is a half subnormal (or rounds up to the smallest normal): count in units of 2^-24.
            if (exp == 0) {
                return (short) sign; // float subnormals are far below half's smallest subnormal
            }
            int full = 0x80_0000 | mant;
            int shift = 126 - exp; // >= 14
            if (shift >= 32) {
                return (short) sign;
            }
            int q = full >>> shift;
            int rem = full & ((1 << shift) - 1);
            int half = 1 << (shift - 1);
            if (rem > half || (rem == half && (q & 1) != 0)) {
                q++;
            }
            return (short) (sign | q);
        }
        int h = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1FFF;
        if (rem > 0x1000 || (rem == 0x1000 && (h & 1) != 0)) {
            h++; // a carry into the exponent is correct, including up to infinity (0x7C00)
        }
        return (short) (sign | h);
    }

    /** bfloat16 bits to float; exact (bfloat16 is the top half of a float). */
    public static float fromBfloat16(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Float to bfloat16 bits, round to nearest even; NaN stays NaN. */
    public static short toBfloat16(float value) {
        int f = Float.floatToRawIntBits(value);
        if ((f & 0x7FFF_FFFF) > 0x7F80_0000) {
            // NaN: truncating could drop every payload bit and give infinity, so set the quiet bit.
            return (short) ((f >>> 16) | 0x0040);
        }
        int rounded = f + 0x7FFF + ((f >>> 16) & 1);
        return (short) (rounded >>> 16);
    }
}
