package org.writeahead.generate;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The token ids of one row (prompt plus generated tokens), kept for the repetition penalty.
 *
 * <p>The penalty only needs to know which ids occurred, not how often, so membership is kept
 * in a {@link BitSet} next to the ordered list: {@link #contains} and {@link #distinctIds} stay
 * cheap however long the row grows. Not thread-safe; each row owns its own history.
 */
public final class TokenHistory {
    private int[] ids;
    private int size;
    private final BitSet seen;

    public TokenHistory() {
        this(new int[16], 0, new BitSet());
    }

    private TokenHistory(int[] ids, int size, BitSet seen) {
        this.ids = ids;
        this.size = size;
        this.seen = seen;
    }

    /** Appends one token id; ids are vocabulary indices, so negative ones are rejected. */
    public void add(int id) {
        if (id < 0) {
            throw new IllegalArgumentException("token id must not be negative, got " + id);
        }
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, Math.max(16, ids.length * 2));
        }
        ids[size++] = id;
        seen.set(id);
    }

    public void addAll(int[] newIds) {
        for (int id : newIds) {
            add(id);
        }
    }

    public boolean contains(int id) {
        return id >= 0 && seen.get(id);
    }

    /** Every id that occurred, once each, in ascending order. */
    public int[] distinctIds() {
        return seen.stream().toArray();
    }

    /** An independent copy, so that rows forked from one prompt do not share penalties. */
    public TokenHistory copy() {
        return new TokenHistory(Arrays.copyOf(ids, Math.max(16, size)), size, (BitSet) seen.clone());
    }

    /** Number of ids added, counting repeats. */
    public int size() {
        return size;
    }
}
