package org.writeahead.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * The keys and values of every position seen so far, per layer: [B, H, S, D] each.
 *
 * <p>The cache owns its own sub-manager so that a decode step can run in a scope that frees
 * everything else it created: only the new cache arrays survive the step, and closing the cache
 * frees them. One cache belongs to one sequence batch; {@link #forkRows} turns a prompt's
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

    /**
     * Keeps the first {@code positions} positions of every row and drops the rest, so that the
     * next tokens go at position {@code positions}. The kept arrays are copies, not views of the
     * old ones, which are freed. Keeping 0 positions empties the cache.
     */
    public void keepPrefix(int positions) {
        if (positions < 0 || positions > length) {
            throw new IllegalArgumentException("can keep 0 to " + length + " positions, got " + positions);
        }
        if (positions == length) {
            return;
        }
        if (positions == 0) {
            for (int layer = 0; layer < keys.length; layer++) {
                if (keys[layer] != null) {
                    keys[layer].close();
                    values[layer].close();
                    keys[layer] = null;
                    values[layer] = null;
                }
            }
            length = 0;
            batch = 0;
            return;
        }
        NDIndex prefix = new NDIndex(":, :, 0:" + positions + ", :");
        for (int layer = 0; layer < keys.length; layer++) {
            try (NDManager scratch = manager.newSubManager()) {
                NDArray key = keys[layer].get(prefix);
                NDArray value = values[layer].get(prefix);
                key.attach(scratch);
                value.attach(scratch);
                put(layer, key.duplicate(), value.duplicate());
            }
        }
        length = positions;
    }

    /**
     * A new cache with every row repeated {@code n} times (row r becomes rows r*n .. r*n+n-1) in arrays
     * of its own: this cache is left as it is, and closing either one does not touch the other.
     */
    public KvCache forkRows(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        KvCache fork = new KvCache(manager.getParentManager(), keys.length);
        try {
            for (int layer = 0; layer < keys.length && length > 0; layer++) {
                NDArray key = n == 1 ? keys[layer].duplicate() : keys[layer].repeat(0, n);
                NDArray value = n == 1 ? values[layer].duplicate() : values[layer].repeat(0, n);
                fork.put(layer, key, value);
            }
        } catch (RuntimeException e) {
            fork.close();
            throw e;
        }
        fork.advance(length, batch * n);
        return fork;
    }

    /** Arrays the cache holds now (two per layer once filled); for tests that check nothing leaks. */
    public int arrayCount() {
        return manager.getManagedArrays().size();
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
