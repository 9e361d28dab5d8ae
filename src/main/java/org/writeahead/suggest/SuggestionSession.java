package org.writeahead.suggest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.writeahead.document.TextJoin;

/**
 * The suggestion list's state machine, free of any UI: which candidates it holds, which is
 * selected, whether they are still being written, and what accepting one inserts where.
 *
 * <p>Every request carries an epoch. Anything that moves on (closing, a new request, lengthening,
 * going back, a partial accept) starts a new epoch, and results of an older epoch are ignored:
 * a generation that was overtaken never changes the list and so can never be inserted.
 */
public final class SuggestionSession {

    public enum State { CLOSED, WAITING_FOR_MODEL, GENERATING, READY }

    /**
     * What to ask the model. A fresh request samples {@code count} rows after {@code before};
     * a continuation asks, for each row, for more text after {@code before + bases[row]}.
     */
    public record Request(long epoch, String before, List<String> bases, int count, boolean continuation) {}

    /** Text to put into the document at {@code offset}. */
    public record Insertion(int offset, String text) {}

    private State state = State.CLOSED;
    private long epoch;
    private int anchor;
    private String before = "";
    private String after = "";
    private int count;
    private List<String> rows = new ArrayList<>();
    private List<String> bases = new ArrayList<>();
    private final Deque<List<String>> shorter = new ArrayDeque<>();
    private int selected;
    private String message;

    /**
     * Opens the list at {@code anchor} (the caret), with the text around it. Without a model yet,
     * the list waits ({@link #modelReady()} then gives the request).
     */
    public Optional<Request> open(int anchor, String before, String after, int count, boolean modelReady) {
        close();
        this.anchor = anchor;
        this.before = before;
        this.after = after;
        this.count = count;
        this.selected = 0;
        if (!modelReady) {
            state = State.WAITING_FOR_MODEL;
            rows = new ArrayList<>();
            return Optional.empty();
        }
        return Optional.of(startFresh());
    }

    /** The model finished loading: a waiting list starts its request. */
    public Optional<Request> modelReady() {
        return state == State.WAITING_FOR_MODEL ? Optional.of(startFresh()) : Optional.empty();
    }

    /** Samples new candidates in place of the current ones. */
    public Optional<Request> resample() {
        if (state == State.CLOSED || state == State.WAITING_FOR_MODEL) {
            return Optional.empty();
        }
        shorter.clear();
        selected = 0;
        return Optional.of(startFresh());
    }

    private Request startFresh() {
        epoch++;
        state = State.GENERATING;
        message = null;
        rows = new ArrayList<>(Collections.nCopies(count, ""));
        bases = new ArrayList<>(Collections.nCopies(count, ""));
        return new Request(epoch, before, List.copyOf(bases), count, false);
    }

    /** A row's text so far; false (and nothing changes) if the request is no longer current. */
    public boolean onText(long requestEpoch, int row, String text) {
        if (requestEpoch != epoch || state != State.GENERATING || row < 0 || row >= rows.size()) {
            return false;
        }
        rows.set(row, bases.get(row) + text);
        return true;
    }

    /**
     * The request ended with these texts (for a fresh request the distinct candidates, for a
     * continuation what each row added). False if it is no longer current.
     */
    public boolean onDone(long requestEpoch, List<String> texts) {
        if (requestEpoch != epoch || state != State.GENERATING) {
            return false;
        }
        List<String> done = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String base = i < bases.size() ? bases.get(i) : "";
            done.add(base + texts.get(i));
        }
        done.removeIf(String::isBlank);
        rows = done;
        bases = new ArrayList<>(done);
        state = State.READY;
        message = rows.isEmpty() ? "no suggestion" : null;
        selected = Math.min(selected, Math.max(0, rows.size() - 1));
        return true;
    }

    /** The request failed; the list shows why. */
    public boolean onFailed(long requestEpoch, String why) {
        if (requestEpoch != epoch || state == State.CLOSED) {
            return false;
        }
        state = State.READY;
        rows.removeIf(String::isBlank);
        bases = new ArrayList<>(rows);
        message = why;
        return true;
    }

    /** TAB again: each candidate continues from where it stopped. */
    public Optional<Request> lengthen() {
        if (state != State.READY || rows.isEmpty()) {
            return Optional.empty();
        }
        shorter.push(List.copyOf(rows));
        epoch++;
        bases = new ArrayList<>(rows);
        state = State.GENERATING;
        return Optional.of(new Request(epoch, before, List.copyOf(bases), rows.size(), true));
    }

    /** Shift+TAB: back to the candidates as they were before the last lengthening. */
    public boolean shorten() {
        if (state == State.CLOSED || shorter.isEmpty()) {
            return false;
        }
        epoch++;
        rows = new ArrayList<>(shorter.pop());
        bases = new ArrayList<>(rows);
        state = State.READY;
        message = null;
        selected = Math.min(selected, rows.size() - 1);
        return true;
    }

    public void selectNext() {
        if (!rows.isEmpty()) {
            selected = Math.min(selected + 1, rows.size() - 1);
        }
    }

    public void selectPrevious() {
        selected = Math.max(selected - 1, 0);
    }

    public void select(int index) {
        if (index >= 0 && index < rows.size()) {
            selected = index;
        }
    }

    /** Inserts the selected candidate, exactly as shown, and closes the list. */
    public Optional<Insertion> accept() {
        if (state == State.CLOSED || rows.isEmpty()) {
            return Optional.empty();
        }
        String text = display(selected);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Insertion insertion = new Insertion(anchor, text);
        close();
        return Optional.of(insertion);
    }

    /**
     * Inserts the next word of the selected candidate and keeps the list open on the rest: the
     * candidates that start with the same word stay, shortened by it; the others go.
     */
    public Optional<Insertion> acceptWord() {
        if (state == State.CLOSED || rows.isEmpty()) {
            return Optional.empty();
        }
        String shown = display(selected);
        String word = TextJoin.nextWord(shown);
        if (word.isEmpty()) {
            return Optional.empty();
        }
        if (word.length() == shown.length()) {
            return accept();
        }
        List<String> rest = new ArrayList<>();
        int newSelected = 0;
        for (int i = 0; i < rows.size(); i++) {
            String d = display(i);
            if (d.startsWith(word) && d.length() > word.length()) {
                if (i == selected) {
                    newSelected = rest.size();
                }
                rest.add(d.substring(word.length()));
            }
        }
        Insertion insertion = new Insertion(anchor, word);
        epoch++;
        anchor += word.length();
        before = before + word;
        rows = rest;
        bases = new ArrayList<>(rest);
        shorter.clear();
        selected = newSelected;
        state = State.READY;
        message = null;
        return Optional.of(insertion);
    }

    /** Closes the list; a running request becomes stale. */
    public void close() {
        epoch++;
        state = State.CLOSED;
        rows = new ArrayList<>();
        bases = new ArrayList<>();
        shorter.clear();
        message = null;
    }

    /** Candidate {@code i} as it would be inserted (joined to the text around the caret). */
    public String display(int i) {
        return TextJoin.join(before, rows.get(i), after);
    }

    public List<String> displays() {
        List<String> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(display(i));
        }
        return out;
    }

    /** True once some candidate has words: the spinner can go. */
    public boolean hasWords() {
        return rows.stream().anyMatch(r -> !r.isBlank());
    }

    public State state() {
        return state;
    }

    public boolean isOpen() {
        return state != State.CLOSED;
    }

    public long epoch() {
        return epoch;
    }

    public int anchor() {
        return anchor;
    }

    public int selected() {
        return selected;
    }

    public int size() {
        return rows.size();
    }

    /** How many lengths Shift+TAB can go back. */
    public int depth() {
        return shorter.size();
    }

    /** Why there is nothing to show, or null. */
    public String message() {
        return message;
    }
}
