package org.writeahead.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompactVocabTest {

    @Test
    void seenIdsAreNumberedDenselyAndTheRestShareOneRow() {
        CompactVocab v = CompactVocab.of(new int[] {7, 3, 7, 9}, 10);
        assertArrayEquals(new int[] {3, 7, 9}, v.seenIds());
        assertEquals(4, v.rows());
        assertEquals(0, v.compact(3));
        assertEquals(1, v.compact(7));
        assertEquals(2, v.compact(9));
        assertEquals(3, v.compact(0), "unseen ids map to the shared row");
        assertEquals(7, v.unseen());
        assertEquals(Math.log(7), v.sharedLogOffset(), 1e-12);
        assertTrue(v.isSeen(9));
        assertFalse(v.isSeen(8));
        assertArrayEquals(new int[] {3, 3, 3, 0, 3, 3, 3, 1, 3, 2}, v.rowOfEveryId());
    }

    @Test
    void idsRarerThanTheMinimumCountJoinTheSharedRow() {
        int[] tokens = {7, 3, 7, 9, 7, 9};
        CompactVocab v = CompactVocab.of(tokens, 10, 2);
        assertArrayEquals(new int[] {7, 9}, v.seenIds());
        assertEquals(3, v.rows());
        assertEquals(2, v.compact(3), "3 occurs once: the shared row");
        assertEquals(8, v.unseen());
        assertEquals(Math.log(8), v.sharedLogOffset(), 1e-12);
        assertEquals(5.0 / 6, v.coverage(tokens), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> CompactVocab.of(tokens, 10, 0));
    }

    @Test
    void theFullVocabularyHasNoSharedRow() {
        CompactVocab v = CompactVocab.full(5);
        assertEquals(5, v.rows());
        assertFalse(v.hasShared());
        assertEquals(0, v.sharedLogOffset());
        assertEquals(4, v.compact(4));
    }
}
