package org.writeahead.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Shortening a candidate too long for the screen (the placement itself is in EditorWindowTest). */
class SuggestionPopupTest {

    @Test
    void shortCandidatesAreShownWhole() {
        assertEquals("and then she went", SuggestionPopup.shorten("and then she went", 60));
    }

    @Test
    void longCandidatesKeepTheirStartAndTheirNewestWords() {
        String text = "a".repeat(100) + "b".repeat(100) + " the newest words";
        String shown = SuggestionPopup.shorten(text, 60);
        assertEquals(60, shown.length());
        assertTrue(shown.startsWith("a".repeat(19) + " … "), shown);
        assertTrue(shown.endsWith("b".repeat(21) + " the newest words"), shown);
    }

    @Test
    void aSurrogatePairIsNeverCut() {
        String text = "x".repeat(18) + "😀" + "y".repeat(100) + "😀" + "z".repeat(38);
        String shown = SuggestionPopup.shorten(text, 60);
        for (int i = 0; i < shown.length(); i++) {
            char ch = shown.charAt(i);
            if (Character.isHighSurrogate(ch)) {
                assertTrue(i + 1 < shown.length() && Character.isLowSurrogate(shown.charAt(i + 1)), shown);
            }
            if (Character.isLowSurrogate(ch)) {
                assertTrue(i > 0 && Character.isHighSurrogate(shown.charAt(i - 1)), shown);
            }
        }
    }
}
