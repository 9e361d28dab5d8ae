package org.writeahead.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.writeahead.weights.Checkpoint;
import org.writeahead.weights.CheckpointException;
import org.writeahead.weights.TensorInfo;

/**
 * GPT-2's parameters as float32 NDArrays, named after Hugging Face's checkpoint keys.
 *
 * <p>Conv1D weights keep the checkpoint's [in, out] layout. Keys may carry the
 * {@code transformer.} prefix of {@code GPT2LMHeadModel} or not; {@code lm_head.weight} is
 * optional (GPT-2 ties it to {@code wte.weight}); the {@code attn.bias}/{@code attn.masked_bias}
 * buffers are ignored. Every tensor's shape is checked against the config before anything is
 * computed, and the first mismatch is named.
 */
final class Gpt2Weights {

    /** One transformer block, {@code h.N.*}. C = n_embd, I = n_inner. */
    record Block(
            NDArray ln1Weight, // [C]
            NDArray ln1Bias, // [C]
            NDArray attnCAttnWeight, // [C, 3C]
            NDArray attnCAttnBias, // [3C]
            NDArray attnCProjWeight, // [C, C]
            NDArray attnCProjBias, // [C]
            NDArray ln2Weight, // [C]
            NDArray ln2Bias, // [C]
            NDArray mlpCFcWeight, // [C, I]
            NDArray mlpCFcBias, // [I]
            NDArray mlpCProjWeight, // [I, C]
            NDArray mlpCProjBias) {} // [C]

    final NDArray wte; // [V, C] token embeddings, also the output head when tied
    final NDArray wpe; // [P, C] position embeddings
    final Block[] h;
    final NDArray lnFWeight; // [C]
    final NDArray lnFBias; // [C]
    final NDArray lmHead; // [V, C]; the same array as wte when tied

    private Gpt2Weights(NDArray wte, NDArray wpe, Block[] h, NDArray lnFWeight, NDArray lnFBias, NDArray lmHead) {
        this.wte = wte;
        this.wpe = wpe;
        this.h = h;
        this.lnFWeight = lnFWeight;
        this.lnFBias = lnFBias;
        this.lmHead = lmHead;
    }

    static Gpt2Weights load(Checkpoint checkpoint, Gpt2Config config, NDManager manager) throws CheckpointException {
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

        NDArray wte = r.load("wte.weight");
        NDArray wpe = r.load("wpe.weight");
        Block[] blocks = new Block[config.nLayer()];
        for (int layer = 0; layer < blocks.length; layer++) {
            String b = "h." + layer + ".";
            blocks[layer] = new Block(
                    r.load(b + "ln_1.weight"), r.load(b + "ln_1.bias"),
                    r.load(b + "attn.c_attn.weight"), r.load(b + "attn.c_attn.bias"),
                    r.load(b + "attn.c_proj.weight"), r.load(b + "attn.c_proj.bias"),
                    r.load(b + "ln_2.weight"), r.load(b + "ln_2.bias"),
                    r.load(b + "mlp.c_fc.weight"), r.load(b + "mlp.c_fc.bias"),
                    r.load(b + "mlp.c_proj.weight"), r.load(b + "mlp.c_proj.bias"));
        }
        NDArray lnFWeight = r.load("ln_f.weight");
        NDArray lnFBias = r.load("ln_f.bias");
        NDArray lmHead = untied ? r.load("lm_head.weight") : wte;
        return new Gpt2Weights(wte, wpe, blocks, lnFWeight, lnFBias, lmHead);
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
    }
}
