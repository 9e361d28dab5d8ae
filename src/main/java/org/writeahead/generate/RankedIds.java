package org.writeahead.generate;

import java.util.Arrays;

/**
 * Orders token ids by logit, highest first, ties broken by the lower id, without boxing.
 *
 * <p>Each (logit, id) pair is packed into one {@code long} whose natural order is the ranking
 * order, so the JDK's primitive sort and a primitive heap do the work: sorting 50,257 Integer
 * objects with a comparator would be several times slower and allocate heavily.
 */
final class RankedIds {
    private RankedIds() {}

    /**
     * Packs a logit and its id; a larger value means a better rank. The float's bits are made
     * order-preserving as a signed int (flip the magnitude bits of negatives), and the id is
     * stored complemented so that, among equal logits, the lower id ranks higher.
     */
    static long pack(float logit, int id) {
        int bits = Float.floatToRawIntBits(logit + 0.0f); // + 0.0f turns -0.0 into +0.0
        int key = bits >= 0 ? bits : bits ^ 0x7fffffff;
        return ((long) key << 32) | (~id & 0xffffffffL);
    }

    static int id(long packed) {
        return ~(int) packed;
    }

    /** The {@code count} given ids, sorted best first. */
    static int[] sortDescending(float[] logits, int[] ids, int count) {
        long[] packed = new long[count];
        for (int i = 0; i < count; i++) {
            packed[i] = pack(logits[ids[i]], ids[i]);
        }
        Arrays.sort(packed);
        return unpackReversed(packed, count);
    }

    /**
     * The best {@code k} of the given ids, sorted best first. A min-heap of size k keeps the
     * cost at O(n log k), which for the usual k of 40 or so is far cheaper than a full sort.
     */
    static int[] topK(float[] logits, int[] ids, int count, int k) {
        if (k >= count) {
            return sortDescending(logits, ids, count);
        }
        long[] heap = new long[k];
        int heapSize = 0;
        for (int i = 0; i < count; i++) {
            long p = pack(logits[ids[i]], ids[i]);
            if (heapSize < k) {
                heap[heapSize] = p;
                siftUp(heap, heapSize++);
            } else if (p > heap[0]) {
                heap[0] = p;
                siftDown(heap, k);
            }
        }
        Arrays.sort(heap);
        return unpackReversed(heap, k);
    }

    private static int[] unpackReversed(long[] sortedAscending, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = id(sortedAscending[count - 1 - i]);
        }
        return out;
    }

    private static void siftUp(long[] heap, int i) {
        long v = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= v) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = v;
    }

    private static void siftDown(long[] heap, int size) {
        long v = heap[0];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] < heap[child]) {
                child++;
            }
            if (heap[child] >= v) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = v;
    }
}
