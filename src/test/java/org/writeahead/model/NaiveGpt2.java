package org.writeahead.model;

import java.nio.file.Path;
import org.writeahead.weights.Checkpoint;

/**
 * GPT-2 written out loop by loop in double precision, straight from the formulas, with no cache
 * and no DJL: an independent check of the NDArray forward pass. Slow, fine for the tiny fixture.
 */
final class NaiveGpt2 {

    private final Gpt2Config config;
    private final Checkpoint checkpoint;

    NaiveGpt2(Path folder, Checkpoint checkpoint) throws Exception {
        this.config = Gpt2Config.read(folder.resolve("config.json"));
        this.checkpoint = checkpoint;
    }

    private double[] w(String name) throws Exception {
        String key = checkpoint.has(name) ? name : "transformer." + name;
        float[] f = checkpoint.floats(key);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Logits of the last position, [V]. */
    double[] lastLogits(int[] ids) throws Exception {
        int t = ids.length;
        int c = config.nEmbd();
        int heads = config.nHead();
        int d = config.headDim();
        int inner = config.nInner();
        double[] wte = w("wte.weight");
        double[] wpe = w("wpe.weight");
        double[][] x = new double[t][c];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < c; j++) {
                x[i][j] = wte[ids[i] * c + j] + wpe[i * c + j];
            }
        }
        for (int layer = 0; layer < config.nLayer(); layer++) {
            String p = "h." + layer + ".";
            double[][] a = layerNorm(x, w(p + "ln_1.weight"), w(p + "ln_1.bias"));
            double[][] qkv = conv1d(a, w(p + "attn.c_attn.weight"), w(p + "attn.c_attn.bias"), c, 3 * c);
            double[][] att = new double[t][c];
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < t; i++) {
                    double[] scores = new double[i + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        double s = 0;
                        for (int e = 0; e < d; e++) {
                            s += qkv[i][h * d + e] * qkv[j][c + h * d + e];
                        }
                        scores[j] = s / Math.sqrt(d);
                        max = Math.max(max, scores[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= i; j++) {
                        scores[j] = Math.exp(scores[j] - max);
                        sum += scores[j];
                    }
                    for (int j = 0; j <= i; j++) {
                        for (int e = 0; e < d; e++) {
                            att[i][h * d + e] += scores[j] / sum * qkv[j][2 * c + h * d + e];
                        }
                    }
                }
            }
            double[][] proj = conv1d(att, w(p + "attn.c_proj.weight"), w(p + "attn.c_proj.bias"), c, c);
            add(x, proj);
            double[][] m = layerNorm(x, w(p + "ln_2.weight"), w(p + "ln_2.bias"));
            double[][] hidden = conv1d(m, w(p + "mlp.c_fc.weight"), w(p + "mlp.c_fc.bias"), c, inner);
            for (double[] row : hidden) {
                for (int k = 0; k < row.length; k++) {
                    double v = row[k];
                    row[k] = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
                }
            }
            add(x, conv1d(hidden, w(p + "mlp.c_proj.weight"), w(p + "mlp.c_proj.bias"), inner, c));
        }
        double[] last = layerNorm(new double[][] {x[t - 1]}, w("ln_f.weight"), w("ln_f.bias"))[0];
        double[] head = checkpoint.has("lm_head.weight") ? w("lm_head.weight") : wte;
        double[] logits = new double[config.vocabSize()];
        for (int v = 0; v < logits.length; v++) {
            double s = 0;
            for (int j = 0; j < c; j++) {
                s += last[j] * head[v * c + j];
            }
            logits[v] = s;
        }
        return logits;
    }

    private double[][] layerNorm(double[][] x, double[] gamma, double[] beta) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            int n = x[i].length;
            double mean = 0;
            for (double v : x[i]) {
                mean += v;
            }
            mean /= n;
            double var = 0;
            for (double v : x[i]) {
                var += (v - mean) * (v - mean);
            }
            var /= n;
            out[i] = new double[n];
            for (int j = 0; j < n; j++) {
                out[i][j] = (x[i][j] - mean) / Math.sqrt(var + config.layerNormEpsilon()) * gamma[j] + beta[j];
            }
        }
        return out;
    }

    /** Hugging Face's Conv1D: weight stored [in, out], y = x W + b. */
    private static double[][] conv1d(double[][] x, double[] weight, double[] bias, int in, int out) {
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < out; o++) {
                double s = bias[o];
                for (int k = 0; k < in; k++) {
                    s += x[i][k] * weight[k * out + o];
                }
                y[i][o] = s;
            }
        }
        return y;
    }

    private static void add(double[][] x, double[][] y) {
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] += y[i][j];
            }
        }
    }
}
