package org.writeahead.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * GPT-2's transformer on DJL NDArrays, mirroring Hugging Face's {@code modeling_gpt2.py}; shared
 * by inference ({@link Gpt2Model}, with a KV cache) and training (no cache, under autograd).
 *
 * <p>Shapes in comments: B batch rows, T new positions, S cached + new positions, C n_embd,
 * H heads, D head size. The numeric constants are NDArrays made once and kept: DJL's scalar
 * operations wrap a Java number in a tensor whose memory is freed at once, which autograd may
 * still read in backward (NaN gradients now and then).
 */
public final class Gpt2Forward implements AutoCloseable {

    private final Gpt2Config config;
    private final Gpt2Weights weights;
    private final NDManager manager;
    private final NDArray attentionScale;
    private final NDArray geluCubic;
    private final NDArray geluScale;
    private final NDArray one;
    private final NDArray half;

    public Gpt2Forward(Gpt2Config config, Gpt2Weights weights, NDManager parent) {
        this.config = config;
        this.weights = weights;
        this.manager = parent.newSubManager();
        this.attentionScale = manager.create((float) (1.0 / Math.sqrt(config.headDim())));
        this.geluCubic = manager.create(0.044715f);
        this.geluScale = manager.create((float) Math.sqrt(2.0 / Math.PI));
        this.one = manager.create(1f);
        this.half = manager.create(0.5f);
    }

    public Gpt2Weights weights() {
        return weights;
    }

    /**
     * Embeddings and all blocks for token ids [B, T] (int64) placed after what {@code cache}
     * holds (null: no cache, positions from 0). The cache, if any, grows by T; its new arrays are
     * taken out of the current {@link NDScope}. Returns hidden states after ln_f, [B, T, C].
     */
    public NDArray hidden(NDArray ids, KvCache cache) {
        long t = ids.getShape().get(1);
        int past = cache == null ? 0 : cache.length();
        NDArray x = Embedding.embedding(ids, weights.wte, SparseFormat.DENSE).head(); // [B, T, C]
        x = x.add(weights.wpe.get(new NDIndex(past + ":" + (past + t)))); // + [T, C]
        NDArray mask = t > 1 ? causalMask((int) t, past) : null;
        for (int layer = 0; layer < weights.h.length; layer++) {
            x = block(x, weights.h[layer], layer, cache, mask);
        }
        return layerNorm(x, weights.lnFWeight, weights.lnFBias);
    }

    private NDArray block(NDArray x, Gpt2Weights.Block w, int layer, KvCache cache, NDArray mask) {
        NDArray a = layerNorm(x, w.ln1Weight(), w.ln1Bias());
        x = x.add(attention(a, w, layer, cache, mask));
        NDArray m = layerNorm(x, w.ln2Weight(), w.ln2Bias());
        m = geluNew(project(m, w.mlpCFcWeight(), w.mlpCFcBias())); // [B, T, I]
        m = project(m, w.mlpCProjWeight(), w.mlpCProjBias()); // [B, T, C]
        return x.add(m);
    }

    private NDArray attention(NDArray x, Gpt2Weights.Block w, int layer, KvCache cache, NDArray mask) {
        long rows = x.getShape().get(0);
        long t = x.getShape().get(1);
        int heads = config.nHead();
        int d = config.headDim();
        NDArray qkv = project(x, w.attnCAttnWeight(), w.attnCAttnBias()); // [B, T, 3C]
        NDList parts = qkv.split(3, 2);
        NDArray q = splitHeads(parts.get(0), rows, t, heads, d); // [B, H, T, D]
        NDArray k = splitHeads(parts.get(1), rows, t, heads, d);
        NDArray v = splitHeads(parts.get(2), rows, t, heads, d);
        if (cache != null) {
            if (cache.length() > 0) {
                k = NDArrays.concat(new NDList(cache.key(layer), k), 2); // [B, H, S, D]
                v = NDArrays.concat(new NDList(cache.value(layer), v), 2);
            }
            // Only the cache's arrays outlive the step's scope.
            NDScope.unregister(k, v);
            cache.put(layer, k, v);
        }
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(attentionScale); // [B, H, T, S]
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray out = scores.softmax(-1).matMul(v); // [B, H, T, D]
        out = out.transpose(0, 2, 1, 3).reshape(rows, t, (long) heads * d); // [B, T, C]
        return project(out, w.attnCProjWeight(), w.attnCProjBias());
    }

    /** x W + b for a block's Conv1D weight, in whichever layout the weights hold it. */
    private NDArray project(NDArray x, NDArray weight, NDArray bias) {
        return weights.outByIn ? Linear.linear(x, weight, bias).head() : x.matMul(weight).add(bias);
    }

    private static NDArray splitHeads(NDArray x, long rows, long t, int heads, int d) {
        return x.reshape(rows, t, heads, d).transpose(0, 2, 1, 3);
    }

    /** [T, S] additive mask: query i (at position past+i) may not see keys after it. */
    private NDArray causalMask(int t, int past) {
        int s = past + t;
        // The most negative finite value of the weights' type (float16's is -65,504).
        float masked = weights.wte.getDataType() == DataType.FLOAT16 ? -65504f : -Float.MAX_VALUE;
        float[] mask = new float[t * s];
        for (int i = 0; i < t; i++) {
            for (int j = past + i + 1; j < s; j++) {
                // The most negative float, as Hugging Face uses; -inf would turn a fully masked
                // row into NaN (there is none here, but a finite value is the safe habit).
                mask[i * s + j] = masked;
            }
        }
        NDArray m = weights.wte.getManager().create(mask, new Shape(t, s));
        // In the weights' type: a float32 mask would promote float16 scores to float32.
        return m.getDataType() == weights.wte.getDataType() ? m : m.toType(weights.wte.getDataType(), false);
    }

    private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return LayerNorm.layerNorm(x, new Shape(config.nEmbd()), gamma, beta, config.layerNormEpsilon()).head();
    }

    /** GPT-2's GELU, the tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    private NDArray geluNew(NDArray x) {
        NDArray inner = x.add(x.mul(x).mul(x).mul(geluCubic)).mul(geluScale);
        return x.mul(inner.tanh().add(one)).mul(half);
    }

    @Override
    public void close() {
        manager.close();
    }
}
