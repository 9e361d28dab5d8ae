package org.writeahead.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.writeahead.tokenize.BundledTokenizer;
import org.writeahead.weights.Dtype;
import org.writeahead.weights.SafetensorsWriter;
import org.writeahead.weights.TensorData;

/**
 * Writes a GPT-2 folder with freshly initialized weights, as GPT-2's paper and nanoGPT
 * initialize them: N(0, 0.02), residual projections scaled by 1/sqrt(2 n_layer), zero biases,
 * unit layer norms. Speed does not depend on the values, so a random gpt2-small-shaped folder is
 * what {@code bench} measures when the real weights are not on the machine.
 */
public final class RandomGpt2 {

    private RandomGpt2() {}

    public static void write(Path folder, Gpt2Config config, long seed) throws IOException {
        Files.createDirectories(folder);
        SafetensorsWriter.write(folder.resolve("model.safetensors"), initialTensors(config, config.vocabSize(), seed), Map.of("format", "pt"));
        config.write(folder.resolve("config.json"));
        BundledTokenizer.copyTo(folder);
    }

    /**
     * Freshly initialized tensors under GPT-2's names, with {@code vocabRows} embedding rows (the
     * trainer's embedding holds only the tokens its data uses).
     */
    public static Map<String, TensorData> initialTensors(Gpt2Config config, int vocabRows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int c = config.nEmbd();
        int inner = config.nInner();
        double residualStd = 0.02 / Math.sqrt(2.0 * config.nLayer());
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("wte.weight", normal(random, 0.02, vocabRows, c));
        tensors.put("wpe.weight", normal(random, 0.01, config.nPositions(), c));
        for (int layer = 0; layer < config.nLayer(); layer++) {
            String p = "h." + layer + ".";
            tensors.put(p + "ln_1.weight", filled(1f, c));
            tensors.put(p + "ln_1.bias", filled(0f, c));
            tensors.put(p + "attn.c_attn.weight", normal(random, 0.02, c, 3 * c));
            tensors.put(p + "attn.c_attn.bias", filled(0f, 3 * c));
            tensors.put(p + "attn.c_proj.weight", normal(random, residualStd, c, c));
            tensors.put(p + "attn.c_proj.bias", filled(0f, c));
            tensors.put(p + "ln_2.weight", filled(1f, c));
            tensors.put(p + "ln_2.bias", filled(0f, c));
            tensors.put(p + "mlp.c_fc.weight", normal(random, 0.02, c, inner));
            tensors.put(p + "mlp.c_fc.bias", filled(0f, inner));
            tensors.put(p + "mlp.c_proj.weight", normal(random, residualStd, inner, c));
            tensors.put(p + "mlp.c_proj.bias", filled(0f, c));
        }
        tensors.put("ln_f.weight", filled(1f, c));
        tensors.put("ln_f.bias", filled(0f, c));
        return tensors;
    }

    private static TensorData normal(SplittableRandom random, double std, int rows, int cols) {
        float[] values = new float[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (gaussian(random) * std);
        }
        return new TensorData(Dtype.F32, new long[] {rows, cols}, values);
    }

    /** Box-Muller: SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static TensorData filled(float value, int n) {
        float[] values = new float[n];
        java.util.Arrays.fill(values, value);
        return new TensorData(Dtype.F32, new long[] {n}, values);
    }
}
