package org.writeahead.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void noArgumentsOrOneFileOpenTheEditor() {
        assertTrue(Main.opensEditor(new String[0]));
        assertTrue(Main.opensEditor(new String[] {"notes.txt"}));
    }

    @Test
    void subcommandsAndOptionsStayWithTheCommandLine() {
        for (String command : new String[] {"complete", "perplexity", "bench", "train", "random-model", "help"}) {
            assertFalse(Main.opensEditor(new String[] {command}), command);
        }
        assertFalse(Main.opensEditor(new String[] {"--help"}));
        assertFalse(Main.opensEditor(new String[] {"-V"}));
        assertFalse(Main.opensEditor(new String[] {"a.txt", "b.txt"}));
    }
}
