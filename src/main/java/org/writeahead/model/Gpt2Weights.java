package org.writeahead.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.writeahead.weights.Checkpoint;
import org.writeahead.weights.CheckpointException;
import org.writeahead.weights.TensorInfo;

/**
 * GPT-2's parameters as float32 NDArrays, named after Hugging Face's checkpoint keys.
 *
 * <p>Conv1D weights come in the checkpoint's [in, out] layout. Weights loaded for inference are
 * transposed once, at load, to [out, in] ({@link #outByIn}) when the CPU decode kernel
 * ({@code model.cpu}) will read them: each output's weights are then contiguous, which it reads
 * at memory speed (the [in, out] layout ran at about half). The trainer's weights keep [in, out],
 * the layout it saves. Keys may carry the
 * {@code transformer.} prefix of {@code GPT2LMHeadModel} or not; {@code lm_head.weight} is
 * optional (GPT-2 ties it to {@code wte.weight}); the {@code attn.bias}/{@code attn.masked_bias}
 * buffers are ignored. Every tensor's shape is checked against the config before anything is
 * computed, and the first mismatch is named.
 */
public final class Gpt2Weights {

    /** One transformer block, {@code h.N.*}. C = n_embd, I = n_inner. */
    record Block(
            NDArray ln1Weight, // [C]
            NDArray ln1Bias, // [C]
            NDArray attnCAttnWeight, // [C, 3C], or [3C, C] when outByIn
            NDArray attnCAttnBias, // [3C]
            NDArray attnCProjWeight, // [C, C]
            NDArray attnCProjBias, // [C]
            NDArray ln2Weight, // [C]
            NDArray ln2Bias, // [C]
            NDArray mlpCFcWeight, // [C, I], or [I, C] when outByIn
            NDArray mlpCFcBias, // [I]
            NDArray mlpCProjWeight, // [I, C], or [C, I] when outByIn
            NDArray mlpCProjBias) {} // [C]

    final NDArray wte; // [V, C] token embeddings, also the output head when tied
    final NDArray wpe; // [P, C] position embeddings
    final Block[] h;
    final NDArray lnFWeight; // [C]
    final NDArray lnFBias; // [C]
    final NDArray lmHead; // [V, C]; the same array as wte when tied
    /** True when the four linear weights of each block are held as [out, in] (loaded for inference). */
    final boolean outByIn;

    /** Every tensor under its Hugging Face name (no prefix), in checkpoint order. */
    private final Map<String, NDArray> named;

    private Gpt2Weights(Map<String, NDArray> named, int layers, boolean outByIn) {
        this.outByIn = outByIn;
        this.named = Collections.unmodifiableMap(new LinkedHashMap<>(named));
        this.wte = get(named, "wte.weight");
        this.wpe = get(named, "wpe.weight");
        this.h = new Block[layers];
        for (int layer = 0; layer < layers; layer++) {
            String b = "h." + layer + ".";
            h[layer] = new Block(
                    get(named, b + "ln_1.weight"), get(named, b + "ln_1.bias"),
                    get(named, b + "attn.c_attn.weight"), get(named, b + "attn.c_attn.bias"),
                    get(named, b + "attn.c_proj.weight"), get(named, b + "attn.c_proj.bias"),
                    get(named, b + "ln_2.weight"), get(named, b + "ln_2.bias"),
                    get(named, b + "mlp.c_fc.weight"), get(named, b + "mlp.c_fc.bias"),
                    get(named, b + "mlp.c_proj.weight"), get(named, b + "mlp.c_proj.bias"));
        }
        this.lnFWeight = get(named, "ln_f.weight");
        this.lnFBias = get(named, "ln_f.bias");
        this.lmHead = named.getOrDefault("lm_head.weight", wte);
    }

    private static NDArray get(Map<String, NDArray> named, String name) {
        NDArray array = named.get(name);
        if (array == null) {
            throw new IllegalArgumentException("tensor " + name + " is missing");
        }
        return array;
    }

    /**
     * Weights from tensors named as in a Hugging Face checkpoint (without the prefix), as the
     * trainer makes them. Shapes are the caller's business: the trainer's embedding, for one, holds
     * only the tokens its data uses.
     */
    public static Gpt2Weights of(Map<String, NDArray> named, int layers) {
        return new Gpt2Weights(named, layers, false);
    }

    /**
     * Every tensor under its Hugging Face name, in checkpoint order; lm_head only when untied. The
     * arrays are as held: for weights loaded for inference the linear weights are [out, in].
     */
    public Map<String, NDArray> named() {
        return named;
    }

    static Gpt2Weights load(Checkpoint checkpoint, Gpt2Config config, NDManager manager, boolean outByIn)
            throws CheckpointException {
        long v = config.vocabSize();
        long p = config.nPositions();
        long c = config.nEmbd();
        long i = config.nInner();
        Reader r = new Reader(checkpoint, manager);
        // Check every shape before copying anything, so a bad file fails in milliseconds.
        r.check("wte.weight", v, c);
        r.check("wpe.weight", p, c);
        for (int layer = 0; layer < config.nLayer(); layer++) {
            String b = "h." + layer + ".";
            r.check(b + "ln_1.weight", c);
            r.check(b + "ln_1.bias", c);
            r.check(b + "attn.c_attn.weight", c, 3 * c);
            r.check(b + "attn.c_attn.bias", 3 * c);
            r.check(b + "attn.c_proj.weight", c, c);
            r.check(b + "attn.c_proj.bias", c);
            r.check(b + "ln_2.weight", c);
            r.check(b + "ln_2.bias", c);
            r.check(b + "mlp.c_fc.weight", c, i);
            r.check(b + "mlp.c_fc.bias", i);
            r.check(b + "mlp.c_proj.weight", i, c);
            r.check(b + "mlp.c_proj.bias", c);
        }
        r.check("ln_f.weight", c);
        r.check("ln_f.bias", c);
        boolean untied = checkpoint.has("lm_head.weight");
        if (untied) {
            r.check("lm_head.weight", v, c);
        }
        if (checkpoint.has("h." + config.nLayer() + ".ln_1.weight")
                || checkpoint.has("transformer.h." + config.nLayer() + ".ln_1.weight")) {
            throw new CheckpointException(checkpoint.folder() + ": the checkpoint has more layers than n_layer = "
                    + config.nLayer() + " in config.json");
        }

        Map<String, NDArray> named = new LinkedHashMap<>();
        for (String name : names(config.nLayer())) {
            named.put(name, outByIn && isLinearWeight(name) ? r.loadTransposed(name) : r.load(name));
        }
        if (untied) {
            named.put("lm_head.weight", r.load("lm_head.weight"));
        }
        return new Gpt2Weights(named, config.nLayer(), outByIn);
    }

    /**
     * The same weights in float16 (new arrays; the float32 ones are closed).
     */
    Gpt2Weights toFloat16() {
        Map<String, NDArray> half = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : named.entrySet()) {
            NDArray converted = e.getValue().toType(DataType.FLOAT16, false);
            converted.setName(e.getKey());
            half.put(e.getKey(), converted);
            e.getValue().close();
        }
        return new Gpt2Weights(half, h.length, outByIn);
    }

    /** The Conv1D weights of a block, stored [in, out] in checkpoints. */
    private static boolean isLinearWeight(String name) {
        return name.startsWith("h.") && name.endsWith(".weight") && !name.contains(".ln_");
    }

    /** GPT-2's tensor names in Hugging Face's order, without lm_head. */
    public static List<String> names(int layers) {
        List<String> names = new ArrayList<>();
        names.add("wte.weight");
        names.add("wpe.weight");
        for (int layer = 0; layer < layers; layer++) {
            String b = "h." + layer + ".";
            for (String n : new String[] {"ln_1.weight", "ln_1.bias", "attn.c_attn.weight", "attn.c_attn.bias",
                "attn.c_proj.weight", "attn.c_proj.bias", "ln_2.weight", "ln_2.bias",
                "mlp.c_fc.weight", "mlp.c_fc.bias", "mlp.c_proj.weight", "mlp.c_proj.bias"}) {
                names.add(b + n);
            }
        }
        names.add("ln_f.weight");
        names.add("ln_f.bias");
        return names;
    }

    /** Resolves Hugging Face key spellings and turns tensors into float32 NDArrays. */
    private static final class Reader {
        private final Checkpoint checkpoint;
        private final NDManager manager;

        Reader(Checkpoint checkpoint, NDManager manager) {
            this.checkpoint = checkpoint;
            this.manager = manager;
        }

        String key(String name) throws CheckpointException {
            if (checkpoint.has(name)) {
                return name;
            }
            // lm_head lives outside the transformer, so it never carries the prefix.
            if (!name.startsWith("lm_head") && checkpoint.has("transformer." + name)) {
                return "transformer." + name;
            }
            throw new CheckpointException(checkpoint.folder() + ": tensor " + name + " is missing from the checkpoint");
        }

        void check(String name, long... expected) throws CheckpointException {
            TensorInfo info = checkpoint.info(key(name));
            if (!Arrays.equals(info.shape(), expected)) {
                throw new CheckpointException(info.file().getFileName() + ": tensor " + info.name() + " has shape "
                        + Arrays.toString(info.shape()) + ", expected " + Arrays.toString(expected)
                        + " from config.json");
            }
        }

        NDArray load(String name) throws CheckpointException {
            String key = key(name);
            TensorInfo info = checkpoint.info(key);
            NDArray array = manager.create(checkpoint.float32(key), new Shape(info.shape()), DataType.FLOAT32);
            array.setName(name);
            return array;
        }

        /**
         * A [in, out] tensor as a new [out, in] CPU NDArray, written straight into PyTorch's
         * memory (through the tensor's direct view): no second copy, and the JVM's direct-memory
         * limit does not cap the model's size.
         */
        NDArray loadTransposed(String name) throws CheckpointException {
            String key = key(name);
            TensorInfo info = checkpoint.info(key);
            int in = Math.toIntExact(info.shape()[0]);
            int out = Math.toIntExact(info.shape()[1]);
            NDArray array = manager.create(new Shape(out, in), DataType.FLOAT32);
            FloatBuffer dst = array.toByteBuffer(true).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            // The source is read a band of rows at a time, not mapped: mapped pages would count
            // in the process's memory (twice the matrix) until the garbage collector unmapped them.
            int band = Math.min(in, 64); // 64 rows of the widest GPT-2 (6,400 outputs) fit a core's L2 cache
            float[] rows = new float[band * out];
            float[] column = new float[band];
            for (int r0 = 0; r0 < in; r0 += band) {
                int n = Math.min(band, in - r0);
                checkpoint.readFloats(key, (long) r0 * out, rows, n * out);
                for (int c = 0; c < out; c++) {
                    for (int r = 0; r < n; r++) {
                        column[r] = rows[r * out + c];
                    }
                    dst.put(c * in + r0, column, 0, n);
                }
            }
            array.setName(name);
            return array;
        }
    }
}
