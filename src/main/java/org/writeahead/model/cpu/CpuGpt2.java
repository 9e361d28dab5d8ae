package org.writeahead.model.cpu;

import ai.djl.ndarray.NDArray;
import java.nio.ByteOrder;
import java.util.Map;
import org.writeahead.model.Gpt2Config;

/**
 * GPT-2's decode step in plain Java over the model's own weight memory: the CPU path for
 * one-token-per-row steps, where PyTorch is slow (it reads every weight once per row, and pays a
 * native call per operation). The prefill stays with PyTorch, whose matrix multiply is the fast
 * one for hundreds of rows. Weights are not copied: each matrix is a view of the NDArray's memory,
 * so the block's linear weights must be held [out, in] (see {@code Gpt2Weights}).
 *
 * <p>One instance per loaded model; {@link #start} makes the per-request state. Not thread-safe
 * (one request at a time, as the engine guarantees).
 */
public final class CpuGpt2 implements AutoCloseable {

    /** One block's parameters; matrices [out, in]. */
    record Layer(float[] ln1Weight, float[] ln1Bias, FloatMatrix attn, float[] attnBias, FloatMatrix attnProj,
            float[] attnProjBias, float[] ln2Weight, float[] ln2Bias, FloatMatrix fc, float[] fcBias,
            FloatMatrix mlpProj, float[] mlpProjBias) {}

    final Gpt2Config config;
    final FloatMatrix wte; // [V, C]
    final FloatMatrix wpe; // [P, C]
    final FloatMatrix head; // [V, C]
    final Layer[] layers;
    final float[] lnFWeight;
    final float[] lnFBias;
    final WorkSplitter splitter;

    private CpuGpt2(Gpt2Config config, Map<String, NDArray> named, int threads) {
        this.config = config;
        this.wte = matrix(named, "wte.weight");
        this.wpe = matrix(named, "wpe.weight");
        this.head = named.containsKey("lm_head.weight") ? matrix(named, "lm_head.weight") : wte;
        this.layers = new Layer[config.nLayer()];
        for (int l = 0; l < layers.length; l++) {
            String b = "h." + l + ".";
            layers[l] = new Layer(
                    vector(named, b + "ln_1.weight"), vector(named, b + "ln_1.bias"),
                    matrix(named, b + "attn.c_attn.weight"), vector(named, b + "attn.c_attn.bias"),
                    matrix(named, b + "attn.c_proj.weight"), vector(named, b + "attn.c_proj.bias"),
                    vector(named, b + "ln_2.weight"), vector(named, b + "ln_2.bias"),
                    matrix(named, b + "mlp.c_fc.weight"), vector(named, b + "mlp.c_fc.bias"),
                    matrix(named, b + "mlp.c_proj.weight"), vector(named, b + "mlp.c_proj.bias"));
        }
        this.lnFWeight = vector(named, "ln_f.weight");
        this.lnFBias = vector(named, "ln_f.bias");
        this.splitter = new WorkSplitter(threads);
    }

    /**
     * A decoder over CPU weights named as in a Hugging Face checkpoint, with the blocks' linear
     * weights [out, in]; {@code threads} is the number of cores to split each step over.
     */
    public static CpuGpt2 of(Gpt2Config config, Map<String, NDArray> named, int threads) {
        return new CpuGpt2(config, named, threads);
    }

    public int threads() {
        return splitter.threads();
    }

    /**
     * Per-request state for {@code rows} continuations of one prompt whose keys and values are
     * given per layer in PyTorch's [H, P, D] order (one row, {@code promptLength} positions),
     * as views of the tensors' memory: they are copied here, in the layouts the kernel reads.
     */
    public CpuRows start(java.nio.FloatBuffer[] promptKeys, java.nio.FloatBuffer[] promptValues, int promptLength, int rows) {
        return new CpuRows(this, promptKeys, promptValues, promptLength, rows);
    }

    private static FloatMatrix matrix(Map<String, NDArray> named, String name) {
        NDArray array = require(named, name);
        long[] shape = array.getShape().getShape();
        return new FloatMatrix(array.toByteBuffer(true).order(ByteOrder.LITTLE_ENDIAN),
                Math.toIntExact(shape[0]), Math.toIntExact(shape[1]));
    }

    private static float[] vector(Map<String, NDArray> named, String name) {
        return require(named, name).toFloatArray();
    }

    private static NDArray require(Map<String, NDArray> named, String name) {
        NDArray array = named.get(name);
        if (array == null) {
            throw new IllegalArgumentException("tensor " + name + " is missing");
        }
        return array;
    }

    @Override
    public void close() {
        splitter.close();
    }
}
