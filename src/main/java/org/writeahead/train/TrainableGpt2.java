package org.writeahead.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.writeahead.model.Gpt2Config;
import org.writeahead.model.Gpt2Forward;
import org.writeahead.model.Gpt2Weights;
import org.writeahead.tokenize.BundledTokenizer;
import org.writeahead.weights.Dtype;
import org.writeahead.weights.SafetensorsWriter;
import org.writeahead.weights.TensorData;

/**
 * A GPT-2 whose parameters require gradients: the shared forward pass, a loss over the compact
 * vocabulary, and export to an ordinary Hugging Face GPT-2 folder over the full vocabulary.
 */
public final class TrainableGpt2 implements AutoCloseable {

    private final Gpt2Config config;
    private final CompactVocab vocab;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final Gpt2Forward forward;
    private final NDArray sharedRowOffset; // [rows]: log(unseen) on the shared row, 0 elsewhere; or null

    /** @param tensors parameters by GPT-2 name; wte (and lm_head if present) have {@code vocab.rows()} rows */
    public TrainableGpt2(Gpt2Config config, CompactVocab vocab, Map<String, TensorData> tensors, NDManager parent) {
        this.config = config;
        this.vocab = vocab;
        this.manager = parent.newSubManager();
        this.parameters = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            NDArray array = manager.create(e.getValue().values(), new Shape(e.getValue().shape()));
            array.setRequiresGradient(true);
            parameters.put(e.getKey(), array);
        }
        this.forward = new Gpt2Forward(config, Gpt2Weights.of(parameters, config.nLayer()), manager);
        if (vocab.hasShared()) {
            float[] offset = new float[vocab.rows()];
            offset[vocab.rows() - 1] = (float) vocab.sharedLogOffset();
            this.sharedRowOffset = manager.create(offset);
        } else {
            this.sharedRowOffset = null;
        }
    }

    public Map<String, NDArray> parameters() {
        return parameters;
    }

    public Gpt2Config config() {
        return config;
    }

    public CompactVocab vocab() {
        return vocab;
    }

    public NDManager manager() {
        return manager;
    }

    /** Logits over the compact vocabulary for compact ids [B, T] (int64): [B, T, rows]. */
    public NDArray logits(NDArray inputs) {
        NDArray hidden = forward.hidden(inputs, null);
        NDArray logits = Linear.linear(hidden, forward.weights().named().getOrDefault("lm_head.weight", forward.weights().named().get("wte.weight"))).head();
        return sharedRowOffset == null ? logits : logits.add(sharedRowOffset);
    }

    /** Per-position negative log-likelihood of the compact targets [B, T]: [B, T]. */
    public NDArray tokenLosses(NDArray inputs, NDArray targets) {
        NDArray logProbs = logits(inputs).logSoftmax(-1);
        return logProbs.gather(targets.expandDims(-1), -1).squeeze(-1).neg();
    }

    /** Mean loss of a batch, the quantity training minimizes. */
    public NDArray loss(NDArray inputs, NDArray targets) {
        return tokenLosses(inputs, targets).mean();
    }

    /** The parameters as float tensors with the compact embedding (for trainer checkpoints). */
    public Map<String, TensorData> snapshot() {
        Map<String, TensorData> out = new LinkedHashMap<>();
        parameters.forEach((name, array) -> out.put(name, new TensorData(Dtype.F32, array.getShape().getShape(), array.toFloatArray())));
        return out;
    }

    /**
     * Writes an ordinary Hugging Face GPT-2 folder: config.json, GPT-2's tokenizer.json and
     * model.safetensors over the full vocabulary, every unseen id getting the shared row.
     */
    public void export(Path folder, Dtype dtype, Map<String, String> metadata) throws IOException {
        Files.createDirectories(folder);
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray array = e.getValue();
            float[] values = array.toFloatArray();
            long[] shape = array.getShape().getShape();
            if (e.getKey().equals("wte.weight") || e.getKey().equals("lm_head.weight")) {
                values = expandRows(values, (int) shape[1]);
                shape = new long[] {vocab.fullSize(), shape[1]};
            }
            tensors.put(e.getKey(), new TensorData(dtype, shape, values));
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("format", "pt");
        SafetensorsWriter.write(folder.resolve("model.safetensors"), tensors, meta);
        config.write(folder.resolve("config.json"));
        BundledTokenizer.copyTo(folder);
    }

    private float[] expandRows(float[] compact, int width) {
        int[] rowOf = vocab.rowOfEveryId();
        float[] full = new float[Math.multiplyExact(vocab.fullSize(), width)];
        for (int id = 0; id < rowOf.length; id++) {
            System.arraycopy(compact, rowOf[id] * width, full, id * width, width);
        }
        return full;
    }

    /** Compact ids as an int64 array [rows, cols], for the forward pass. */
    NDArray ids(long[] values, int rows, int cols, NDManager scope) {
        return scope.create(values, new Shape(rows, cols)).toType(DataType.INT64, false);
    }

    @Override
    public void close() {
        forward.close();
        manager.close();
    }
}
