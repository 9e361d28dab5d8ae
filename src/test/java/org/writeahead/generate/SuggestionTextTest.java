package org.writeahead.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionTextTest {

    @Test
    void removesRepeatsAndBlanksKeepingFirstOccurrenceOrder() {
        List<String> in = Arrays.asList(" the cat", "", " a dog", " the cat  ", "   ", null,
                " the cat\n", " a dog", " The cat", "\tthe cat");
        assertEquals(List.of(" the cat", " a dog", " The cat", "\tthe cat"), SuggestionText.dedupe(in));
    }

    @Test
    void firstSpellingIsKeptAsIs() {
        assertEquals(List.of(" x \n"), SuggestionText.dedupe(List.of(" x \n", " x")));
    }

    @Test
    void emptyInput() {
        assertEquals(List.of(), SuggestionText.dedupe(List.of()));
    }
}
