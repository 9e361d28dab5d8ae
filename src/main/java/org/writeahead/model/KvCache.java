package org.writeahead.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The keys and values of every position seen so far, per layer: [B, H, S, D] each.
 *
 * <p>The cache owns its own sub-manager so that a decode step can run in a scope that frees
 * everything else it created: only the new cache arrays survive the step, and closing the cache
 * frees them. One cache belongs to one sequence batch; {@link #repeatBatch} turns a prompt's
 * single-row cache into N rows that share it, which is how N suggestions reuse one prefill.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;
    private int batch;

    KvCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Positions already in the cache; the next token goes at this position. */
    public int length() {
        return length;
    }

    /** Rows (sequences) in the cache; 0 while it is empty. */
    public int batch() {
        return batch;
    }

    NDArray key(int layer) {
        return keys[layer];
    }

    NDArray value(int layer) {
        return values[layer];
    }

    /** Replaces one layer's arrays with the step's longer ones, taking ownership of them. */
    void put(int layer, NDArray key, NDArray value) {
        key.attach(manager);
        value.attach(manager);
        if (keys[layer] != null) {
            keys[layer].close();
            values[layer].close();
        }
        keys[layer] = key;
        values[layer] = value;
    }

    /** Called by the model once every layer has been put for a step. */
    void advance(int newLength, int newBatch) {
        this.length = newLength;
        this.batch = newBatch;
    }

    /**
     * Repeats every row n times along the batch axis (row r becomes rows r*n .. r*n+n-1), so that
     * one prefilled prompt serves n sampled continuations.
     */
    public void repeatBatch(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        if (n == 1 || length == 0) {
            batch *= n;
            return;
        }
        for (int layer = 0; layer < keys.length; layer++) {
            put(layer, keys[layer].repeat(0, n), values[layer].repeat(0, n));
        }
        batch *= n;
    }

    /** Keeps only the given rows, in the given order (for dropping finished or duplicate rows). */
    public void selectRows(int[] rows) {
        if (length == 0) {
            batch = rows.length;
            return;
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDArray index = scratch.create(toLongs(rows));
            for (int layer = 0; layer < keys.length; layer++) {
                put(layer, keys[layer].get(index), values[layer].get(index));
            }
        }
        batch = rows.length;
    }

    private static long[] toLongs(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
