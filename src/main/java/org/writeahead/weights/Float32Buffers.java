package org.writeahead.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Widens 16-bit float data into float32. Done in Java on purpose: DJL's PyTorch engine aborts the
 * whole JVM when given BF16 data, so no 16-bit buffer is ever handed to it.
 */
final class Float32Buffers {
    private Float32Buffers() {}

    /** A new little-endian direct buffer holding {@code count} floats widened from {@code src}. */
    static ByteBuffer widen(ByteBuffer src, Dtype dtype, int count) {
        ByteBuffer in = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            out.putFloat(i * 4, widen(in.getShort(i * 2), dtype));
        }
        return out;
    }

    /** {@code count} 16-bit floats from {@code src} (little-endian, from its start) into {@code dst}. */
    static void widen(ByteBuffer src, Dtype dtype, float[] dst, int count) {
        ByteBuffer in = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            dst[i] = widen(in.getShort(i * 2), dtype);
        }
    }

    private static float widen(short bits, Dtype dtype) {
        return dtype == Dtype.BF16 ? HalfFloats.fromBfloat16(bits) : HalfFloats.fromHalf(bits);
    }

    /** Copies a float32 little-endian buffer into a heap array. */
    static float[] toArray(ByteBuffer f32) {
        float[] out = new float[f32.remaining() / 4];
        f32.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
