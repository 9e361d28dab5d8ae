package org.writeahead.engine;

/** Hears each suggestion's text as it grows; called on the generating thread. */
@FunctionalInterface
public interface CompletionListener {

    CompletionListener NONE = (row, text) -> {};

    /** Row {@code row}'s text so far: whole characters only, never a broken UTF-8 sequence. */
    void onText(int row, String text);
}
