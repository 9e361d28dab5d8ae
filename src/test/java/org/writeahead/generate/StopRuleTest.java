package org.writeahead.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StopRuleTest {

    /** The text kept, or null when there is no cut yet. */
    private static String kept(String generated, StopAt stopAt) {
        int cut = StopRule.cutIndex(generated, stopAt, true);
        return cut < 0 ? null : generated.substring(0, cut);
    }

    private static String sentence(String generated) {
        return kept(generated, StopAt.SENTENCE);
    }

    @Test
    void parse() {
        assertEquals(StopAt.SENTENCE, StopAt.parse("sentence"));
        assertEquals(StopAt.PARAGRAPH, StopAt.parse(" Paragraph "));
        assertEquals(StopAt.NONE, StopAt.parse("none"));
        assertEquals("stop must be one of none, sentence, paragraph, got 'line'",
                assertThrows(IllegalArgumentException.class, () -> StopAt.parse("line")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> StopAt.parse(null));
    }

    @Test
    void noneNeverCuts() {
        assertEquals(-1, StopRule.cutIndex("One. Two.\n\nThree", StopAt.NONE, false));
    }

    @Test
    void sentenceEndsAtPunctuationFollowedBySpace() {
        assertEquals(" went home.", sentence(" went home. Then"));
        assertEquals("Really?", sentence("Really? Yes"));
        assertEquals("Wow!", sentence("Wow!  Next"));
        assertEquals("So it ends…", sentence("So it ends… The"));
        assertEquals("What?!", sentence("What?! No"));
    }

    @Test
    void sentenceWaitsUntilWhitespaceFollows() {
        assertEquals(null, sentence(" went home."));
        assertEquals(null, sentence(" went home and"));
        assertEquals(null, sentence("It was 3."));
    }

    @Test
    void abbreviationsAndInitialsDoNotEndSentences() {
        assertEquals("Mr. Smith went home.", sentence("Mr. Smith went home. Then"));
        assertEquals("Ask Dr. Who and Mrs. Hudson.", sentence("Ask Dr. Who and Mrs. Hudson. Then"));
        assertEquals("Fruit, e.g. apples, i.e. food.", sentence("Fruit, e.g. apples, i.e. food. More"));
        assertEquals("By J. R. R. Tolkien.", sentence("By J. R. R. Tolkien. It"));
        assertEquals("In the U.S. today.", sentence("In the U.S. today. Then"));
        assertEquals("On Main St. there.", sentence("On Main St. there. Then"));
    }

    @Test
    void numbersDoNotEndSentences() {
        assertEquals("3.14 is pi.", sentence("3.14 is pi. Yes"));
        assertEquals("1. First item", sentence("1. First item\n2. Second"));
        assertEquals("It was 1999.", sentence("It was 1999. Then"));
    }

    @Test
    void closingQuotesAndBracketsStayWithTheSentence() {
        assertEquals("He said \"Stop!\"", sentence("He said \"Stop!\" Then he left."));
        assertEquals("She smiled (briefly.)", sentence("She smiled (briefly.) Then"));
        assertEquals("“Go.”", sentence("“Go.” She"));
    }

    @Test
    void quoteFollowedByLowercaseContinuesTheSentence() {
        assertEquals("He said \"Stop!\" and ran.", sentence("He said \"Stop!\" and ran. Then"));
        assertEquals(null, sentence("He said \"Stop!\" and"));
        assertEquals(null, sentence("He said \"Stop!\" ")); // cannot tell yet
        assertEquals("Well... maybe not.", sentence("Well... maybe not. So"));
        // Plain punctuation does not look ahead: "Stop! he" ends at "Stop!".
        assertEquals("Stop!", sentence("Stop! he said"));
    }

    @Test
    void newlineEndsASentence() {
        assertEquals(" a heading", sentence(" a heading  \nBody"));
        assertEquals("He said \"Stop!\"", sentence("He said \"Stop!\"\nand"));
    }

    @Test
    void leadingWhitespaceDoesNotCount() {
        assertEquals("\n\nNew line.", sentence("\n\nNew line. More"));
        assertEquals(null, sentence("\n\n  "));
        assertEquals(null, sentence(""));
    }

    @Test
    void paragraphEndsAtABlankLine() {
        assertEquals("One. Two.\nThree.", kept("One. Two.\nThree.\n\nFour", StopAt.PARAGRAPH));
        assertEquals("One.", kept("One.  \r\n \r\nTwo", StopAt.PARAGRAPH));
        assertEquals("\n\nLeading.", kept("\n\nLeading.\n\nNext", StopAt.PARAGRAPH));
        assertEquals(null, kept("One.\nTwo.", StopAt.PARAGRAPH));
        assertEquals(null, kept("One.\n", StopAt.PARAGRAPH));
    }

    @Test
    void rejectsNulls() {
        assertThrows(IllegalArgumentException.class, () -> StopRule.cutIndex(null, StopAt.SENTENCE, false));
        assertThrows(IllegalArgumentException.class, () -> StopRule.cutIndex("x", null, false));
    }
}
