package org.writeahead.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.nio.file.Path;
import org.writeahead.weights.Checkpoint;
import org.writeahead.weights.CheckpointException;

/**
 * GPT-2's forward pass on DJL NDArrays, mirroring Hugging Face's {@code modeling_gpt2.py}.
 *
 * <p>Shapes in comments: B batch rows, T new positions, S cached + new positions, C n_embd,
 * H heads, D head size, V vocabulary. Every call runs in an {@link NDScope}: the temporaries of a
 * step are freed when it returns and only the grown {@link KvCache} survives, so memory stays
 * flat over thousands of steps. Not thread-safe: one caller at a time.
 */
public final class Gpt2Model implements AutoCloseable {

    private final Gpt2Config config;
    private final NDManager manager;
    private final Gpt2Weights weights;
    private final Device device;
    private final float attentionScale;

    private Gpt2Model(Gpt2Config config, NDManager manager, Gpt2Weights weights) {
        this.config = config;
        this.manager = manager;
        this.weights = weights;
        this.device = manager.getDevice();
        this.attentionScale = (float) (1.0 / Math.sqrt(config.headDim()));
    }

    /** Loads {@code config.json} and the safetensors weights of a Hugging Face GPT-2 folder. */
    public static Gpt2Model load(Path folder, Device device) throws CheckpointException {
        Gpt2Config config = Gpt2Config.read(folder.resolve("config.json"));
        NDManager manager = NDManager.newBaseManager(device);
        try (Checkpoint checkpoint = Checkpoint.open(folder)) {
            Gpt2Weights weights = Gpt2Weights.load(checkpoint, config, manager);
            return new Gpt2Model(config, manager, weights);
        } catch (CheckpointException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public Gpt2Config config() {
        return config;
    }

    public Device device() {
        return device;
    }

    public KvCache newCache() {
        return new KvCache(manager, config.nLayer());
    }

    /**
     * Feeds T new tokens for each of B rows after what the cache holds, grows the cache, and
     * returns the logits of each row's last position, [B][V]. All rows must have the same T.
     */
    public float[][] nextTokenLogits(int[][] tokens, KvCache cache) {
        int rows = tokens.length;
        int t = tokens[0].length;
        checkBatch(tokens, cache);
        try (NDScope ignored = new NDScope()) {
            NDArray hidden = transformer(tokens, cache); // [B, T, C]
            NDArray last = hidden.get(new NDIndex(":, -1, :")); // [B, C]
            NDArray logits = head(last); // [B, V]
            float[] flat = logits.toFloatArray();
            float[][] out = new float[rows][];
            int v = config.vocabSize();
            for (int r = 0; r < rows; r++) {
                out[r] = java.util.Arrays.copyOfRange(flat, r * v, (r + 1) * v);
            }
            cache.advance(cache.length() + t, rows);
            return out;
        }
    }

    /**
     * Log-probability of each token given the ones before it, for one sequence that fits the
     * context after what the cache holds: element i is log p(tokens[i+1] | ..tokens[i]), so the
     * array is one shorter than {@code tokens}. Used by perplexity; the full-vocabulary softmax stays
     * on the device and only T numbers come back.
     */
    public double[] tokenLogProbs(int[] tokens, KvCache cache) {
        int[][] batch = {tokens};
        checkBatch(batch, cache);
        try (NDScope ignored = new NDScope()) {
            NDArray hidden = transformer(batch, cache).get(0); // [T, C]
            NDArray logProbs = head(hidden).logSoftmax(-1); // [T, V]
            long[] next = new long[tokens.length - 1];
            for (int i = 0; i < next.length; i++) {
                next[i] = tokens[i + 1];
            }
            NDArray targets = manager.create(next).reshape(next.length, 1);
            NDArray picked = logProbs.get(new NDIndex("0:" + next.length)).gather(targets, 1); // [T-1, 1]
            float[] values = picked.toFloatArray();
            cache.advance(cache.length() + tokens.length, 1);
            double[] out = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = values[i];
            }
            return out;
        }
    }

    private void checkBatch(int[][] tokens, KvCache cache) {
        int t = tokens[0].length;
        if (t == 0) {
            throw new IllegalArgumentException("no tokens to feed");
        }
        for (int[] row : tokens) {
            if (row.length != t) {
                throw new IllegalArgumentException("all rows must feed the same number of tokens");
            }
            for (int id : row) {
                if (id < 0 || id >= config.vocabSize()) {
                    throw new IllegalArgumentException("token id " + id + " is outside the vocabulary");
                }
            }
        }
        if (cache.length() > 0 && cache.batch() != tokens.length) {
            throw new IllegalArgumentException("the cache holds " + cache.batch() + " rows, got " + tokens.length);
        }
        if (cache.length() + t > config.nPositions()) {
            throw new IllegalArgumentException("sequence of " + (cache.length() + t)
                    + " tokens is longer than the model's context of " + config.nPositions());
        }
    }

    /** Embeddings and all blocks; returns the final hidden states before ln_f, [B, T, C]. */
    private NDArray transformer(int[][] tokens, KvCache cache) {
        int rows = tokens.length;
        int t = tokens[0].length;
        int past = cache.length();
        long[] ids = new long[rows * t];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < t; i++) {
                ids[r * t + i] = tokens[r][i];
            }
        }
        NDArray input = manager.create(ids, new Shape(rows, t));
        NDArray x = Embedding.embedding(input, weights.wte, SparseFormat.DENSE).head(); // [B, T, C]
        x = x.add(weights.wpe.get(new NDIndex(past + ":" + (past + t)))); // + [T, C]
        NDArray mask = t > 1 ? causalMask(t, past) : null;
        for (int layer = 0; layer < weights.h.length; layer++) {
            x = block(x, weights.h[layer], layer, cache, mask);
        }
        return x;
    }

    private NDArray block(NDArray x, Gpt2Weights.Block w, int layer, KvCache cache, NDArray mask) {
        NDArray a = layerNorm(x, w.ln1Weight(), w.ln1Bias());
        x = x.add(attention(a, w, layer, cache, mask));
        NDArray m = layerNorm(x, w.ln2Weight(), w.ln2Bias());
        m = geluNew(m.matMul(w.mlpCFcWeight()).add(w.mlpCFcBias())); // [B, T, I]
        m = m.matMul(w.mlpCProjWeight()).add(w.mlpCProjBias()); // [B, T, C]
        return x.add(m);
    }

    private NDArray attention(NDArray x, Gpt2Weights.Block w, int layer, KvCache cache, NDArray mask) {
        long rows = x.getShape().get(0);
        long t = x.getShape().get(1);
        int c = config.nEmbd();
        int heads = config.nHead();
        int d = config.headDim();
        NDArray qkv = x.matMul(w.attnCAttnWeight()).add(w.attnCAttnBias()); // [B, T, 3C]
        NDList parts = qkv.split(3, 2);
        NDArray q = splitHeads(parts.get(0), rows, t, heads, d); // [B, H, T, D]
        NDArray k = splitHeads(parts.get(1), rows, t, heads, d);
        NDArray v = splitHeads(parts.get(2), rows, t, heads, d);
        if (cache.length() > 0) {
            k = NDArrays.concat(new NDList(cache.key(layer), k), 2); // [B, H, S, D]
            v = NDArrays.concat(new NDList(cache.value(layer), v), 2);
        }
        // Only the cache's arrays outlive the step's scope.
        NDScope.unregister(k, v);
        cache.put(layer, k, v);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(attentionScale); // [B, H, T, S]
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray out = scores.softmax(-1).matMul(v); // [B, H, T, D]
        out = out.transpose(0, 2, 1, 3).reshape(rows, t, c); // [B, T, C]
        return out.matMul(w.attnCProjWeight()).add(w.attnCProjBias());
    }

    private static NDArray splitHeads(NDArray x, long rows, long t, int heads, int d) {
        return x.reshape(rows, t, heads, d).transpose(0, 2, 1, 3);
    }

    /** [T, S] additive mask: query i (at position past+i) may not see keys after it. */
    private NDArray causalMask(int t, int past) {
        int s = past + t;
        float[] mask = new float[t * s];
        for (int i = 0; i < t; i++) {
            for (int j = past + i + 1; j < s; j++) {
                // The most negative float, as Hugging Face uses: -inf would turn a fully masked
                // row into NaN, and there never is one here, but a finite value is the safe habit.
                mask[i * s + j] = -Float.MAX_VALUE;
            }
        }
        return manager.create(mask, new Shape(t, s));
    }

    private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return LayerNorm.layerNorm(x, new Shape(config.nEmbd()), gamma, beta, config.layerNormEpsilon()).head();
    }

    /** GPT-2's GELU, the tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    private static NDArray geluNew(NDArray x) {
        NDArray inner = x.add(x.pow(3).mul(0.044715f)).mul((float) Math.sqrt(2.0 / Math.PI));
        return x.mul(inner.tanh().add(1f)).mul(0.5f);
    }

    /** ln_f and the output head for the given hidden states [.., C] → [.., V]. */
    private NDArray head(NDArray hidden) {
        NDArray normed = layerNorm(hidden, weights.lnFWeight, weights.lnFBias);
        // lm_head is [V, C], which is exactly linear's [out, in] layout: no transpose is made.
        return Linear.linear(normed, weights.lmHead).head();
    }

    @Override
    public void close() {
        manager.close();
    }
}
