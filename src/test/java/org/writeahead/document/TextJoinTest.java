package org.writeahead.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextJoinTest {

    @Test
    void continuesAfterAWordWithTheSuggestionsOwnSpace() {
        assertEquals(" was dark", TextJoin.join("The house", " was dark", ""));
    }

    @Test
    void afterASpaceTheLeadingSpaceGoes() {
        assertEquals("was dark", TextJoin.join("The house ", " was dark", ""));
        assertEquals("was dark", TextJoin.join("The house\n", "  was dark", ""));
    }

    @Test
    void atTheStartOfTheDocumentNoLeadingSpace() {
        assertEquals("Once upon", TextJoin.join("", " Once upon", ""));
    }

    @Test
    void midWordJoinsWithoutASpace() {
        assertEquals("ning was late", TextJoin.join("The eve", "ning was late", ""));
    }

    @Test
    void beforeASpaceOrPunctuationTheTrailingSpaceGoes() {
        assertEquals(" was dark", TextJoin.join("The house", " was dark ", " and cold"));
        assertEquals(" was dark", TextJoin.join("The house", " was dark  ", "."));
    }

    @Test
    void beforeAWordASpaceIsAdded() {
        assertEquals(" old ", TextJoin.join("The", " old", "house"));
    }

    @Test
    void aSuggestionThatIsOnlyBlanksAfterASpaceIsEmpty() {
        assertEquals("", TextJoin.join("word ", "  ", ""));
    }

    @Test
    void nextWordKeepsTheBlanksBeforeIt() {
        assertEquals(" the", TextJoin.nextWord(" the street"));
        assertEquals("street", TextJoin.nextWord("street lamp"));
        assertEquals("\n\nChapter", TextJoin.nextWord("\n\nChapter two"));
        assertEquals("  ", TextJoin.nextWord("  "));
        assertEquals("", TextJoin.nextWord(""));
    }

    @Test
    void statsCountWordsAndCodePoints() {
        assertEquals(new TextStats(0, 0), TextStats.of(""));
        assertEquals(new TextStats(3, 17), TextStats.of("  one two\nthree  "));
        assertEquals(new TextStats(1, 2), TextStats.of("a\uD83D\uDE00"));
    }
}
