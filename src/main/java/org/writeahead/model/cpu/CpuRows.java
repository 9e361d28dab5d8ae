package org.writeahead.model.cpu;

import java.nio.FloatBuffer;

/**
 * The state of one request on the CPU decode path: the prompt's keys and values (once, shared by
 * all rows) and each row's own ones. {@link #step} feeds one token per row and returns the
 * next-token logits.
 *
 * <p>Layouts, chosen for the loops that read them: the prompt's keys are [H][D][P], so a query's
 * scores over the prompt are D vector multiply-adds along the positions (no per-position sum
 * across lanes, which made the plain [P][C] layout about ten times slower); values and the rows'
 * own keys and values are [position][C], so appending a token writes one contiguous run.
 */
public final class CpuRows {

    private final CpuGpt2 model;
    private final int rows;
    private final int promptLength;
    private final int c;
    private final int heads;
    private final int d;
    private final float scale;
    private final float[][] sharedKeys; // [layer][H * D * P]
    private final float[][] sharedValues; // [layer][P * C]
    private float[][][] ownKeys; // [layer][row][capacity * C]
    private float[][][] ownValues;
    private int capacity; // own positions each row has room for
    private int length; // positions so far, prompt included

    // Scratch, reused every step.
    private final float[][] x;
    private final float[][] normed;
    private final float[][] qkv;
    private final float[][] attended;
    private final float[][] projected;
    private final float[][] hidden;
    private final float[][] logits; // returned by step, overwritten by the next: no 0.6 MB of garbage a step
    /** Where the results of padding rows go; threads write disjoint ranges, so one row serves all. */
    private final float[] discarded;

    CpuRows(CpuGpt2 model, FloatBuffer[] promptKeys, FloatBuffer[] promptValues, int promptLength, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1, got " + rows);
        }
        this.model = model;
        this.rows = rows;
        this.promptLength = promptLength;
        this.c = model.config.nEmbd();
        this.heads = model.config.nHead();
        this.d = model.config.headDim();
        this.scale = (float) (1.0 / Math.sqrt(d));
        int layers = model.layers.length;
        this.sharedKeys = new float[layers][];
        this.sharedValues = new float[layers][];
        for (int l = 0; l < layers; l++) {
            sharedKeys[l] = headColumns(promptKeys[l], promptLength);
            sharedValues[l] = positionMajor(promptValues[l], promptLength);
        }
        this.length = promptLength;
        this.ownKeys = new float[layers][rows][0];
        this.ownValues = new float[layers][rows][0];
        int inner = model.config.nInner();
        this.x = new float[rows][c];
        this.normed = new float[rows][c];
        this.qkv = new float[rows][3 * c];
        this.attended = new float[rows][c];
        this.projected = new float[rows][c];
        this.hidden = new float[rows][inner];
        this.logits = new float[rows][model.head.rows()];
        this.discarded = new float[Math.max(model.head.rows(), Math.max(3 * c, inner))];
    }

    /** PyTorch's [H, P, D] to [H, D, P]. */
    private float[] headColumns(FloatBuffer hpd, int positions) {
        checkCached(hpd, positions);
        float[] out = new float[heads * positions * d];
        float[] run = new float[d];
        for (int h = 0; h < heads; h++) {
            for (int p = 0; p < positions; p++) {
                hpd.get((h * positions + p) * d, run, 0, d);
                for (int j = 0; j < d; j++) {
                    out[(h * d + j) * positions + p] = run[j];
                }
            }
        }
        return out;
    }

    private void checkCached(FloatBuffer hpd, int positions) {
        if (hpd.limit() != heads * positions * d) {
            throw new IllegalArgumentException("expected " + heads * positions * d + " cached values, got " + hpd.limit());
        }
    }

    /** PyTorch's [H, P, D] to [P, H * D]. */
    private float[] positionMajor(FloatBuffer hpd, int positions) {
        checkCached(hpd, positions);
        float[] out = new float[positions * c];
        for (int h = 0; h < heads; h++) {
            for (int p = 0; p < positions; p++) {
                hpd.get((h * positions + p) * d, out, p * c + h * d, d);
            }
        }
        return out;
    }

    public int rows() {
        return rows;
    }

    /** Positions seen so far, the prompt included; the next token goes at this position. */
    public int length() {
        return length;
    }

    /**
     * Feeds one token per row at position {@link #length()} and returns each row's next-token
     * logits, in arrays that the next step overwrites.
     */
    public float[][] step(int[] tokens) {
        if (tokens.length != rows) {
            throw new IllegalArgumentException("expected one token for each of " + rows + " rows, got " + tokens.length);
        }
        if (length >= model.config.nPositions()) {
            throw new IllegalArgumentException("the model's context of " + model.config.nPositions() + " is full");
        }
        int own = length - promptLength; // this step's slot in the rows' own cache
        ensureCapacity(own + 1);
        for (int r = 0; r < rows; r++) {
            int id = tokens[r];
            if (id < 0 || id >= model.wte.rows()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary");
            }
            model.wte.copyRow(id, x[r]);
            model.wpe.addRow(length, x[r]);
        }
        float eps = (float) model.config.layerNormEpsilon();
        for (int l = 0; l < model.layers.length; l++) {
            CpuGpt2.Layer w = model.layers[l];
            for (int r = 0; r < rows; r++) {
                VectorKernels.layerNorm(x[r], w.ln1Weight(), w.ln1Bias(), eps, normed[r]);
            }
            matVec(w.attn(), w.attnBias(), normed, qkv);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(qkv[r], c, ownKeys[l][r], own * c, c);
                System.arraycopy(qkv[r], 2 * c, ownValues[l][r], own * c, c);
            }
            attend(l, own + 1);
            matVec(w.attnProj(), w.attnProjBias(), attended, projected);
            for (int r = 0; r < rows; r++) {
                VectorKernels.add(x[r], projected[r]);
                VectorKernels.layerNorm(x[r], w.ln2Weight(), w.ln2Bias(), eps, normed[r]);
            }
            matVec(w.fc(), w.fcBias(), normed, hidden);
            for (int r = 0; r < rows; r++) {
                VectorKernels.geluNew(hidden[r]);
            }
            matVec(w.mlpProj(), w.mlpProjBias(), hidden, projected);
            for (int r = 0; r < rows; r++) {
                VectorKernels.add(x[r], projected[r]);
            }
        }
        for (int r = 0; r < rows; r++) {
            VectorKernels.layerNorm(x[r], model.lnFWeight, model.lnFBias, eps, normed[r]);
        }
        matVec(model.head, null, normed, logits);
        length++;
        return logits;
    }

    /**
     * Attention of each row's query (in qkv) over the prompt's and the row's first {@code own}
     * positions. One task per head, all rows inside it: the head's slice of the shared prompt
     * cache is then read from memory once and from the core's cache for the other rows.
     */
    private void attend(int layer, int own) {
        float[] sharedK = sharedKeys[layer];
        float[] sharedV = sharedValues[layer];
        int positions = promptLength + own;
        model.splitter.forEach(heads, h -> {
            int off = h * d;
            float[] scores = new float[positions];
            for (int r = 0; r < rows; r++) {
                float[] q = qkv[r];
                float[] ownK = ownKeys[layer][r];
                VectorKernels.columnScores(q, off, sharedK, off * promptLength, promptLength, d, scale, scores);
                for (int p = 0; p < own; p++) {
                    scores[promptLength + p] = VectorKernels.dot(q, off, ownK, p * c + off, d) * scale;
                }
                VectorKernels.softmax(scores, positions);
                float[] out = attended[r];
                java.util.Arrays.fill(out, off, off + d, 0f);
                VectorKernels.weightedRows(scores, 0, promptLength, sharedV, off, c, d, out, off);
                VectorKernels.weightedRows(scores, promptLength, own, ownValues[layer][r], off, c, d, out, off);
            }
        });
    }

    /** y = x Wᵀ + b for all rows, the output rows split over the cores in chunks. */
    private void matVec(FloatMatrix w, float[] bias, float[][] in, float[][] out) {
        int outputs = w.rows();
        int chunk = 32;
        int tasks = (outputs + chunk - 1) / chunk;
        model.splitter.forEach(tasks, task -> {
            int from = task * chunk;
            int to = Math.min(outputs, from + chunk);
            for (int g = 0; g < rows; g += 4) {
                // Rows beyond the last are row g again, written to a scratch row that is dropped.
                float[] x0 = in[g];
                float[] x1 = g + 1 < rows ? in[g + 1] : x0;
                float[] x2 = g + 2 < rows ? in[g + 2] : x0;
                float[] x3 = g + 3 < rows ? in[g + 3] : x0;
                float[] y0 = out[g];
                float[] y1 = g + 1 < rows ? out[g + 1] : discarded;
                float[] y2 = g + 2 < rows ? out[g + 2] : discarded;
                float[] y3 = g + 3 < rows ? out[g + 3] : discarded;
                VectorKernels.matVec4(w, bias, x0, x1, x2, x3, y0, y1, y2, y3, from, to);
            }
        });
    }


    /** Makes room for {@code needed} own positions per row, growing by doubling. */
    private void ensureCapacity(int needed) {
        if (needed <= capacity) {
            return;
        }
        int grown = Math.min(Math.max(needed, Math.max(16, capacity * 2)), model.config.nPositions() - promptLength);
        for (int l = 0; l < ownKeys.length; l++) {
            for (int r = 0; r < rows; r++) {
                ownKeys[l][r] = java.util.Arrays.copyOf(ownKeys[l][r], grown * c);
                ownValues[l][r] = java.util.Arrays.copyOf(ownValues[l][r], grown * c);
            }
        }
        capacity = grown;
    }
}
