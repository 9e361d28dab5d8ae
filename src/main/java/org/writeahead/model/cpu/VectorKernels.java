package org.writeahead.model.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The arithmetic of a decode step on float arrays, with Java's Vector API (SIMD on whatever the
 * CPU has: 16 floats per instruction with AVX-512, 8 with AVX2). Every loop has a scalar tail, so
 * any width works.
 */
final class VectorKernels {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final float GELU_SCALE = (float) Math.sqrt(2.0 / Math.PI);
    private static final float GELU_CUBIC = 0.044715f;

    private VectorKernels() {}

    /**
     * {@code y[r][o] = bias[o] + Σ_i w[o][i] x[r][i]} for up to four rows r and outputs o in
     * [from, to). The point of the kernel: each weight is read from memory once for all the rows,
     * which is what makes a decode step as fast as reading the weights (PyTorch's CPU matrix
     * multiply with a handful of rows reads them once per row). Missing rows are passed as
     * repeats of row 0 and their results discarded by the caller.
     */
    static void matVec4(FloatMatrix w, float[] bias, float[] x0, float[] x1, float[] x2, float[] x3,
            float[] y0, float[] y1, float[] y2, float[] y3, int from, int to) {
        ByteBuffer data = w.data();
        int cols = w.cols();
        int upper = F.loopBound(cols);
        for (int o = from; o < to; o++) {
            int base = o * cols * 4;
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            int i = 0;
            for (; i < upper; i += F.length()) {
                FloatVector wv = FloatVector.fromByteBuffer(F, data, base + i * 4, LE);
                a0 = wv.fma(FloatVector.fromArray(F, x0, i), a0);
                a1 = wv.fma(FloatVector.fromArray(F, x1, i), a1);
                a2 = wv.fma(FloatVector.fromArray(F, x2, i), a2);
                a3 = wv.fma(FloatVector.fromArray(F, x3, i), a3);
            }
            float s0 = a0.reduceLanes(VectorOperators.ADD);
            float s1 = a1.reduceLanes(VectorOperators.ADD);
            float s2 = a2.reduceLanes(VectorOperators.ADD);
            float s3 = a3.reduceLanes(VectorOperators.ADD);
            for (; i < cols; i++) {
                float wi = data.getFloat(base + i * 4);
                s0 += wi * x0[i];
                s1 += wi * x1[i];
                s2 += wi * x2[i];
                s3 += wi * x3[i];
            }
            float b = bias == null ? 0f : bias[o];
            y0[o] = s0 + b;
            y1[o] = s1 + b;
            y2[o] = s2 + b;
            y3[o] = s3 + b;
        }
    }

    /**
     * Attention scores over positions laid out as columns: {@code out[p] = scale Σ_j q[qOff + j]
     * k[kOff + j * positions + p]} for p < positions, j < d. Sixteen positions at a time sit in
     * one register while the d rows stream past, so no partial sums go through memory.
     */
    static void columnScores(float[] q, int qOff, float[] k, int kOff, int positions, int d, float scale, float[] out) {
        int upper = F.loopBound(positions);
        int p = 0;
        for (; p < upper; p += F.length()) {
            FloatVector acc = FloatVector.zero(F);
            for (int j = 0; j < d; j++) {
                acc = FloatVector.fromArray(F, k, kOff + j * positions + p).fma(FloatVector.broadcast(F, q[qOff + j]), acc);
            }
            acc.mul(scale).intoArray(out, p);
        }
        for (; p < positions; p++) {
            float s = 0;
            for (int j = 0; j < d; j++) {
                s += q[qOff + j] * k[kOff + j * positions + p];
            }
            out[p] = s * scale;
        }
    }

    /**
     * {@code out[outOff + j] += Σ_p w[wOff + p] v[vOff + p * stride + j]} for p < positions,
     * j < d: the attention-weighted sum of value rows, one register per slice of d.
     */
    static void weightedRows(float[] w, int wOff, int positions, float[] v, int vOff, int stride, int d, float[] out, int outOff) {
        int upper = F.loopBound(d);
        int j = 0;
        for (; j < upper; j += F.length()) {
            FloatVector acc = FloatVector.fromArray(F, out, outOff + j);
            for (int p = 0; p < positions; p++) {
                acc = FloatVector.fromArray(F, v, vOff + p * stride + j).fma(FloatVector.broadcast(F, w[wOff + p]), acc);
            }
            acc.intoArray(out, outOff + j);
        }
        for (; j < d; j++) {
            float s = out[outOff + j];
            for (int p = 0; p < positions; p++) {
                s += w[wOff + p] * v[vOff + p * stride + j];
            }
            out[outOff + j] = s;
        }
    }

    /** Σ a[aOff + i] b[bOff + i] for i < n. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        int upper = F.loopBound(n);
        int i = 0;
        for (; i < upper; i += F.length()) {
            acc = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    /** y += x, element by element. */
    static void add(float[] y, float[] x) {
        int upper = F.loopBound(y.length);
        int i = 0;
        for (; i < upper; i += F.length()) {
            FloatVector.fromArray(F, y, i).add(FloatVector.fromArray(F, x, i)).intoArray(y, i);
        }
        for (; i < y.length; i++) {
            y[i] += x[i];
        }
    }

    /** out = (x - mean) / sqrt(var + eps) * gamma + beta, as torch's layer_norm (biased variance). */
    static void layerNorm(float[] x, float[] gamma, float[] beta, float eps, float[] out) {
        int n = x.length;
        double sum = 0;
        for (float v : x) {
            sum += v;
        }
        float mean = (float) (sum / n);
        double squares = 0;
        for (float v : x) {
            float d = v - mean;
            squares += d * d;
        }
        float inv = (float) (1.0 / Math.sqrt(squares / n + eps));
        for (int i = 0; i < n; i++) {
            out[i] = (x[i] - mean) * inv * gamma[i] + beta[i];
        }
    }

    /** GPT-2's GELU (tanh approximation), in place. */
    static void geluNew(float[] x) {
        int upper = F.loopBound(x.length);
        int i = 0;
        for (; i < upper; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            FloatVector inner = v.mul(v).mul(v).mul(GELU_CUBIC).add(v).mul(GELU_SCALE);
            v.mul(inner.lanewise(VectorOperators.TANH).add(1f)).mul(0.5f).intoArray(x, i);
        }
        for (; i < x.length; i++) {
            float v = x[i];
            x[i] = 0.5f * v * (1f + (float) Math.tanh(GELU_SCALE * (v + GELU_CUBIC * v * v * v)));
        }
    }

    /** Softmax of s[0 .. n) in place. */
    static void softmax(float[] s, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, s[i]);
        }
        int upper = F.loopBound(n);
        FloatVector sumV = FloatVector.zero(F);
        int i = 0;
        for (; i < upper; i += F.length()) {
            FloatVector e = FloatVector.fromArray(F, s, i).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(s, i);
            sumV = sumV.add(e);
        }
        float sum = sumV.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s[i] = (float) Math.exp(s[i] - max);
            sum += s[i];
        }
        float inv = 1f / sum;
        for (int j = 0; j < n; j++) {
            s[j] *= inv;
        }
    }
}
