package org.writeahead.suggest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.writeahead.engine.Cancellation;
import org.writeahead.engine.Completion;
import org.writeahead.engine.CompletionListener;
import org.writeahead.engine.CompletionRequest;
import org.writeahead.engine.DeviceChoice;
import org.writeahead.engine.Suggestion;
import org.writeahead.generate.SamplingParams;
import org.writeahead.generate.StopAt;
import org.writeahead.testing.Fixtures;

/** TAB again on the real engine: the rows grow from the kept cache, as one longer request would. */
class EngineSuggesterTest {

    private static EngineSuggester suggester;

    @BeforeAll
    static void load() throws Exception {
        suggester = EngineSuggester.load(Fixtures.TINY_GPT2, DeviceChoice.CPU);
    }

    @AfterAll
    static void close() {
        suggester.close();
    }

    private static CompletionRequest request(String text, int maxTokens) {
        return new CompletionRequest(text, 3, maxTokens, new SamplingParams(1.5, 0, 1.0, 1.0, false), 5, null, StopAt.NONE, false);
    }

    private static List<String> texts(Completion c) {
        return c.suggestions().stream().map(Suggestion::text).toList();
    }

    @Test
    void extendAddsToEachShownRowWhatOneLongerRequestWouldHaveWritten() {
        List<String> longer = texts(suggester.complete(request("Once upon a time", 9), CompletionListener.NONE, new Cancellation()));
        List<String> shown = texts(suggester.complete(request("Once upon a time", 4), CompletionListener.NONE, new Cancellation()));
        List<String> streamed = new ArrayList<>();
        Optional<List<String>> added = suggester.extend("Once upon a time", shown, 5, (row, text) -> streamed.add(row + text), new Cancellation());
        assertTrue(added.isPresent());
        for (int r = 0; r < shown.size(); r++) {
            assertEquals(longer.get(r), shown.get(r) + added.get().get(r), "row " + r);
        }
        assertFalse(streamed.isEmpty());
    }

    @Test
    void rowsThatAreNotTheLatestCompletionsAreLeftToTheCaller() {
        List<String> shown = texts(suggester.complete(request("The sea", 3), CompletionListener.NONE, new Cancellation()));
        assertEquals(Optional.empty(), suggester.extend("Another text", shown, 3, CompletionListener.NONE, new Cancellation()));
        assertEquals(Optional.empty(), suggester.extend("The sea", List.of("not one of them"), 3, CompletionListener.NONE, new Cancellation()));
    }
}
