package org.writeahead.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenHistoryTest {

    @Test
    void tracksIdsAndDistinctSet() {
        TokenHistory h = new TokenHistory();
        h.addAll(new int[] {5, 3, 5, 50256});
        h.add(3);
        assertEquals(5, h.size());
        assertTrue(h.contains(5));
        assertTrue(h.contains(50256));
        assertFalse(h.contains(4));
        assertFalse(h.contains(-1));
        assertArrayEquals(new int[] {3, 5, 50256}, h.distinctIds());
    }

    @Test
    void growsPastInitialCapacity() {
        TokenHistory h = new TokenHistory();
        for (int i = 0; i < 100; i++) {
            h.add(i);
        }
        assertEquals(100, h.size());
        assertEquals(100, h.distinctIds().length);
    }

    @Test
    void copyIsIndependent() {
        TokenHistory h = new TokenHistory();
        h.add(1);
        TokenHistory c = h.copy();
        c.add(2);
        h.add(3);
        assertArrayEquals(new int[] {1, 2}, c.distinctIds());
        assertArrayEquals(new int[] {1, 3}, h.distinctIds());
        assertEquals(2, c.size());
        assertEquals(2, h.size());
    }

    @Test
    void rejectsNegativeIds() {
        assertThrows(IllegalArgumentException.class, () -> new TokenHistory().add(-1));
    }
}
