package org.writeahead.suggest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.writeahead.suggest.SuggestionSession.Insertion;
import org.writeahead.suggest.SuggestionSession.Request;
import org.writeahead.suggest.SuggestionSession.State;

class SuggestionSessionTest {

    private final SuggestionSession s = new SuggestionSession();

    private Request open() {
        return s.open(38, "The old house at the end of the street", "", 3, true).orElseThrow();
    }

    @Test
    void opensGeneratingWithOneFreshRequestForNRows() {
        Request r = open();
        assertEquals(State.GENERATING, s.state());
        assertEquals(3, r.count());
        assertFalse(r.continuation());
        assertEquals("The old house at the end of the street", r.before());
        assertFalse(s.hasWords());
    }

    @Test
    void streamsRowsThenSettlesOnTheDistinctResults() {
        Request r = open();
        assertTrue(s.onText(r.epoch(), 1, " was"));
        assertTrue(s.hasWords());
        assertEquals(List.of("", " was", ""), s.displays());
        assertTrue(s.onDone(r.epoch(), List.of(" stood", " was dark", " had")));
        assertEquals(State.READY, s.state());
        assertEquals(List.of(" stood", " was dark", " had"), s.displays());
    }

    @Test
    void staleResultsAreIgnored() {
        Request first = open();
        s.close();
        assertFalse(s.onText(first.epoch(), 0, " late"));
        assertFalse(s.onDone(first.epoch(), List.of(" late")));
        assertEquals(State.CLOSED, s.state());
        Request second = open();
        assertFalse(s.onText(first.epoch(), 0, " late"));
        assertTrue(s.onText(second.epoch(), 0, " new"));
        assertEquals(" new", s.display(0));
    }

    @Test
    void selectionMovesAndStaysInRange() {
        Request r = open();
        s.onDone(r.epoch(), List.of(" a", " b", " c"));
        s.selectPrevious();
        assertEquals(0, s.selected());
        s.selectNext();
        s.selectNext();
        s.selectNext();
        assertEquals(2, s.selected());
    }

    @Test
    void acceptInsertsTheSelectedRowAsShownAtTheAnchorAndCloses() {
        Request r = open();
        s.onDone(r.epoch(), List.of(" stood", " was dark", " had"));
        s.selectNext();
        assertEquals(new Insertion(38, " was dark"), s.accept().orElseThrow());
        assertEquals(State.CLOSED, s.state());
        assertTrue(s.accept().isEmpty());
    }

    @Test
    void acceptJoinsWithTheTextAround() {
        Request r = s.open(4, "The ", " and", 3, true).orElseThrow();
        s.onDone(r.epoch(), List.of(" house ", " door"));
        assertEquals(List.of("house", "door"), s.displays());
        assertEquals("house", s.accept().orElseThrow().text());
    }

    @Test
    void emptyRowsCannotBeAcceptedAndBlankResultsAreDropped() {
        Request r = open();
        assertTrue(s.accept().isEmpty());
        assertTrue(s.isOpen());
        s.onDone(r.epoch(), List.of("", " x", "  "));
        assertEquals(List.of(" x"), s.displays());
        Request again = s.resample().orElseThrow();
        s.onDone(again.epoch(), List.of("", ""));
        assertEquals(0, s.size());
        assertEquals("no suggestion", s.message());
    }

    @Test
    void waitsForTheModelThenStarts() {
        assertTrue(s.open(0, "", "", 2, false).isEmpty());
        assertEquals(State.WAITING_FOR_MODEL, s.state());
        Request r = s.modelReady().orElseThrow();
        assertEquals(State.GENERATING, s.state());
        assertEquals(2, r.count());
        assertTrue(s.modelReady().isEmpty());
    }

    @Test
    void lengthenContinuesEachRowAndShortenGoesBack() {
        Request r = open();
        s.onDone(r.epoch(), List.of(" a", " b"));
        Request longer = s.lengthen().orElseThrow();
        assertTrue(longer.continuation());
        assertEquals(List.of(" a", " b"), longer.bases());
        assertEquals(State.GENERATING, s.state());
        assertTrue(s.onText(longer.epoch(), 1, " more"));
        assertEquals(List.of(" a", " b more"), s.displays());
        assertTrue(s.onDone(longer.epoch(), List.of(" one", " more")));
        assertEquals(List.of(" a one", " b more"), s.displays());
        assertEquals(1, s.depth());
        Request longest = s.lengthen().orElseThrow();
        assertEquals(List.of(" a one", " b more"), longest.bases());
        assertTrue(longest.continuation());
        assertTrue(s.shorten());
        assertEquals(State.READY, s.state());
        assertEquals(List.of(" a one", " b more"), s.displays());
        assertFalse(s.onDone(longest.epoch(), List.of(" x", " y")));
        assertTrue(s.shorten());
        assertEquals(List.of(" a", " b"), s.displays());
        assertFalse(s.shorten());
    }

    @Test
    void lengthenWaitsUntilTheRowsAreDone() {
        open();
        assertTrue(s.lengthen().isEmpty());
    }

    @Test
    void acceptWordTakesOneWordAndKeepsTheRowsThatShareIt() {
        Request r = open();
        s.onDone(r.epoch(), List.of(" was dark", " stood", " was cold and"));
        s.select(2);
        Insertion word = s.acceptWord().orElseThrow();
        assertEquals(new Insertion(38, " was"), word);
        assertEquals(42, s.anchor());
        assertEquals(List.of(" dark", " cold and"), s.displays());
        assertEquals(1, s.selected());
        assertEquals(new Insertion(42, " cold"), s.acceptWord().orElseThrow());
        assertEquals(List.of(" and"), s.displays());
        assertEquals(new Insertion(47, " and"), s.acceptWord().orElseThrow());
        assertEquals(State.CLOSED, s.state());
    }

    @Test
    void acceptWordStopsARunningGeneration() {
        Request r = open();
        s.onText(r.epoch(), 0, " was dark");
        s.acceptWord().orElseThrow();
        assertEquals(State.READY, s.state());
        assertFalse(s.onText(r.epoch(), 0, " was dark and"));
    }
}
