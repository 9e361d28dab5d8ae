package org.writeahead.train;

import java.util.Arrays;

/**
 * The token ids the training data uses, numbered densely, plus one shared row that stands for
 * all the others.
 *
 * <p>The output layer is most of the work of training a small GPT-2; a softmax over only the
 * ~32,000 ids that occur in the books instead of all 50,257 saves a third of it. The ids that
 * never occur still need rows when the model is saved as a normal GPT-2: they all get the shared
 * row, and training already scores that row with an offset of log(number of unseen ids), so the
 * probability the saved model's full softmax gives them together is exactly the one trained.
 */
public final class CompactVocab {

    private final int[] toCompact; // full id → compact id (the shared row for unseen ids)
    private final int[] toFull; // compact id → full id, for the seen ids
    private final int fullSize;

    private CompactVocab(int[] toCompact, int[] toFull, int fullSize) {
        this.toCompact = toCompact;
        this.toFull = toFull;
        this.fullSize = fullSize;
    }

    /** The ids in {@code tokens}, in increasing order. */
    public static CompactVocab of(int[] tokens, int fullSize) {
        return of(tokens, fullSize, 1);
    }

    /**
     * The ids that occur at least {@code minCount} times in {@code tokens}, in increasing order;
     * rarer ones join the shared row. A threshold above 1 trades a little loss on rare words for
     * a smaller (faster) softmax: the shared row still gives them their probability together.
     */
    public static CompactVocab of(int[] tokens, int fullSize, int minCount) {
        if (minCount < 1) {
            throw new IllegalArgumentException("the minimum count must be at least 1, got " + minCount);
        }
        int[] counts = new int[fullSize];
        for (int id : tokens) {
            counts[id]++;
        }
        int[] seenIds = new int[fullSize];
        int count = 0;
        for (int id = 0; id < fullSize; id++) {
            if (counts[id] >= minCount) {
                seenIds[count++] = id;
            }
        }
        return ofSeen(Arrays.copyOf(seenIds, count), fullSize);
    }

    /** The share of {@code tokens} that have a row of their own. */
    public double coverage(int[] tokens) {
        long own = 0;
        for (int id : tokens) {
            if (isSeen(id)) {
                own++;
            }
        }
        return tokens.length == 0 ? 1 : (double) own / tokens.length;
    }

    /** Every id: no compaction (used when fine-tuning a model that already knows them all). */
    public static CompactVocab full(int fullSize) {
        int[] all = new int[fullSize];
        for (int i = 0; i < fullSize; i++) {
            all[i] = i;
        }
        return ofSeen(all, fullSize);
    }

    /** From the sorted list of seen ids, as saved in a trainer checkpoint. */
    public static CompactVocab ofSeen(int[] seenIds, int fullSize) {
        int[] toCompact = new int[fullSize];
        Arrays.fill(toCompact, seenIds.length); // the shared row
        for (int i = 0; i < seenIds.length; i++) {
            toCompact[seenIds[i]] = i;
        }
        return new CompactVocab(toCompact, seenIds.clone(), fullSize);
    }

    /** Rows of the compact embedding: the seen ids, plus the shared row if any id is unseen. */
    public int rows() {
        return hasShared() ? toFull.length + 1 : toFull.length;
    }

    public boolean hasShared() {
        return toFull.length < fullSize;
    }

    public int unseen() {
        return fullSize - toFull.length;
    }

    /** The offset of the shared row's logit: it stands for this many ids at once. */
    public double sharedLogOffset() {
        return hasShared() ? Math.log(unseen()) : 0;
    }

    public int compact(int fullId) {
        return toCompact[fullId];
    }

    public boolean isSeen(int fullId) {
        return toCompact[fullId] < toFull.length;
    }

    public int[] seenIds() {
        return toFull.clone();
    }

    public int fullSize() {
        return fullSize;
    }

    /** The compact row of each full id, for expanding the embedding to the whole vocabulary. */
    public int[] rowOfEveryId() {
        return toCompact.clone();
    }
}
