package org.writeahead.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.writeahead.generate.SamplingParams;
import org.writeahead.generate.StopAt;
import org.writeahead.testing.Fixtures;

class CompletionEngineTest {

    private static CompletionEngine engine;

    @BeforeAll
    static void load() throws Exception {
        engine = CompletionEngine.load(Fixtures.TINY_GPT2, DeviceChoice.CPU);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static CompletionRequest request(String text, int n, int maxTokens, SamplingParams sampling, long seed, boolean raw) {
        return new CompletionRequest(text, n, maxTokens, sampling, seed, null, StopAt.NONE, raw);
    }

    private static final SamplingParams GREEDY = new SamplingParams(1.0, 0, 1.0, 1.0, true);

    @Test
    void extendingContinuesTheSameRowsExactlyAsOneLongerRequestWould() {
        // Same seed, same sampler draws in the same order: 4 tokens and then 6 more from the kept
        // cache must be exactly the 10 tokens of one request, row by row.
        SamplingParams hot = new SamplingParams(1.5, 0, 1.0, 1.0, false);
        Completion whole = engine.complete(request("The quick brown fox", 3, 10, hot, 99, true));
        List<String> wholeRows = engine.rowTexts();
        Completion start = engine.complete(request("The quick brown fox", 3, 4, hot, 99, true));
        List<String> startRows = engine.rowTexts();
        List<String> grown = new ArrayList<>();
        Completion longer = engine.extend(startRows, 6, (row, text) -> grown.add(row + ":" + text), new Cancellation());
        assertEquals(wholeRows, engine.rowTexts());
        assertEquals(whole.suggestions().stream().map(Suggestion::text).toList(), longer.suggestions().stream().map(Suggestion::text).toList());
        for (int r = 0; r < 3; r++) {
            assertTrue(engine.rowTexts().get(r).startsWith(startRows.get(r)), "row " + r + " continues its own text");
            assertArrayEquals(whole.suggestions().get(r).tokenIds(), longer.suggestions().get(r).tokenIds());
        }
        assertEquals(0, longer.timing().prefill(), "nothing was prefilled again");
        assertEquals(6, longer.timing().steps(), "one decode step per new token");
        assertFalse(grown.isEmpty(), "the longer rows stream");
        assertTrue(start.suggestions().get(0).tokenIds().length == 4 && longer.suggestions().get(0).tokenIds().length == 10);
    }

    @Test
    void extendingRowsThatAreNoLongerTheLatestIsRefused() {
        engine.complete(request("Hello", 2, 3, GREEDY, 1, true));
        List<String> old = engine.rowTexts();
        engine.complete(request("Something else entirely", 2, 3, GREEDY, 1, true));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> engine.extend(old, 3, CompletionListener.NONE, new Cancellation()));
        assertTrue(e.getMessage().contains("no longer"), e.getMessage());
    }

    @Test
    void greedyRawCompletionGivesTheReferenceIds() throws Exception {
        for (Fixtures.Case c : Fixtures.cases()) {
            Completion completion = engine.complete(request(c.prompt(), 1, 10, GREEDY, 1, true));
            assertEquals(1, completion.suggestions().size());
            assertArrayEquals(c.greedyIds(), completion.suggestions().get(0).tokenIds(), c.prompt());
            assertEquals(c.ids().length, completion.promptTokens());
            String expectedText = new String(engine.tokenizer().bytes(c.greedyIds()), StandardCharsets.UTF_8);
            assertEquals(expectedText.replace("\uFFFD", ""), completion.suggestions().get(0).text().replace("\uFFFD", ""));
        }
    }

    @Test
    void sameSeedSameSuggestionsAndRowsDiffer() {
        CompletionRequest r = request("Once upon a time, there was", 3, 12, SamplingParams.defaults(), 7, false);
        List<String> first = texts(engine.complete(r));
        List<String> second = texts(engine.complete(r));
        assertEquals(first, second);
        assertTrue(first.size() >= 2, "three samples of a random model should not all agree: " + first);
        List<String> other = texts(engine.complete(request("Once upon a time, there was", 3, 12, SamplingParams.defaults(), 8, false)));
        assertFalse(first.equals(other));
    }

    @Test
    void greedyRowsAreMergedIntoOneSuggestion() {
        Completion c = engine.complete(request("Hello, my dog is cute", 3, 8, GREEDY, 1, false));
        assertEquals(1, c.suggestions().size());
    }

    @Test
    void tokenHealingGivesTheExactTextToInsert() {
        for (String prompt : new String[] {"Hello, my dog is cu", "Hello, my dog is ", "Hello, my dog is cute.", "x"}) {
            int[] promptIds = engine.tokenizer().encode(prompt);
            byte[] healedText = engine.tokenizer().bytes(Arrays.copyOf(promptIds, promptIds.length - 1));
            Completion c = engine.complete(request(prompt, 3, 6, SamplingParams.defaults(), 3, false));
            for (Suggestion s : c.suggestions()) {
                // The context minus the healed token, plus every sampled token, is the prompt plus the suggestion.
                String whole = new String(healedText, StandardCharsets.UTF_8)
                        + new String(engine.tokenizer().bytes(s.tokenIds()), StandardCharsets.UTF_8);
                assertTrue(whole.startsWith(prompt), "first token must extend the removed text: " + whole);
                assertEquals(whole, prompt + s.text(), "prompt " + prompt);
            }
        }
    }

    @Test
    void aSpaceAtTheEndIsNotDoubled() {
        Completion c = engine.complete(request("Hello, my dog is ", 3, 5, SamplingParams.defaults(), 11, false));
        for (Suggestion s : c.suggestions()) {
            assertFalse(s.text().startsWith(" "), "\"" + s.text() + "\"");
        }
    }

    @Test
    void emptySpecialAndHugePromptsWork() {
        assertFalse(engine.complete(request("", 2, 5, SamplingParams.defaults(), 1, false)).suggestions().isEmpty());
        Completion special = engine.complete(request("<|endoftext|>", 1, 5, GREEDY, 1, true));
        assertTrue(special.promptTokens() > 1, "spelled, not the special token");
        String huge = "All work and no play makes Jack a dull boy. ".repeat(12_000);
        Completion c = engine.complete(request(huge, 2, 10, SamplingParams.defaults(), 1, false));
        assertEquals(64 - 10 - 1, c.promptTokens(), "only the end of the text that fits the 64-token context");
    }

    @Test
    void streamedTextOnlyGrowsAndEndsAsTheSuggestion() {
        List<List<String>> updates = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            updates.add(new ArrayList<>());
        }
        Completion c = engine.complete(request("The quick brown fox", 3, 15, SamplingParams.defaults(), 5, false),
                (row, text) -> updates.get(row).add(text), new Cancellation());
        for (List<String> rowUpdates : updates) {
            for (int i = 1; i < rowUpdates.size(); i++) {
                assertTrue(rowUpdates.get(i).startsWith(rowUpdates.get(i - 1)), rowUpdates.toString());
            }
        }
        for (Suggestion s : c.suggestions()) {
            assertTrue(updates.stream().anyMatch(u -> !u.isEmpty() && u.get(u.size() - 1).equals(s.text())), s.text());
        }
    }

    @Test
    void cancellationStopsWithinOneStep() {
        Cancellation cancellation = new Cancellation();
        Completion c = engine.complete(request("The quick brown fox", 2, 40, SamplingParams.defaults(), 5, false),
                (row, text) -> cancellation.cancel(), cancellation);
        assertTrue(c.cancelled());
        assertEquals(0, c.timing().steps(), "cancelled after the first token, before any further decode step");
    }

    @Test
    void maxTimeEndsSuggestionsEarlyWithoutFailing() {
        CompletionRequest r = new CompletionRequest("The quick brown fox", 3, 40, SamplingParams.defaults(), 5,
                Duration.ofNanos(1), StopAt.NONE, true);
        Completion c = engine.complete(r);
        assertTrue(c.timedOut());
        assertEquals(0, c.timing().steps());
        assertFalse(c.suggestions().isEmpty(), "what was sampled in time is kept");
    }

    @Test
    void stopAtSentenceCutsEverySuggestionAtItsFirstSentenceEnd() {
        // The random fixture rarely ends sentences, so seed the prompt so a stop is possible and
        // check the rule's contract on whatever comes out.
        CompletionRequest r = new CompletionRequest("He said. She said. They said.", 3, 30, SamplingParams.defaults(), 9,
                null, StopAt.SENTENCE, false);
        for (Suggestion s : engine.complete(r).suggestions()) {
            String text = s.text();
            int cut = org.writeahead.generate.StopRule.cutIndex(text, StopAt.SENTENCE, true);
            assertTrue(cut < 0 || cut == text.length(), "\"" + text + "\" goes on after a sentence end");
        }
    }

    @Test
    void fiveHundredCompletionsKeepMemoryFlat() throws Exception {
        CompletionRequest r = request("It was a dark and stormy night", 3, 6, SamplingParams.defaults(), 1, false);
        for (int i = 0; i < 100; i++) {
            engine.complete(r);
        }
        long before = residentKb();
        for (int i = 0; i < 500; i++) {
            engine.complete(r);
        }
        long grownMb = (residentKb() - before) / 1024;
        assertTrue(grownMb < 40, "resident memory grew by " + grownMb + " MB over 500 completions");
    }

    private static long residentKb() throws Exception {
        System.gc();
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    private static List<String> texts(Completion c) {
        return c.suggestions().stream().map(Suggestion::text).toList();
    }
}
