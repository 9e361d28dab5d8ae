package org.writeahead.suggest;

import java.nio.file.Path;
import org.writeahead.engine.Cancellation;
import org.writeahead.engine.Completion;
import org.writeahead.engine.CompletionListener;
import org.writeahead.engine.CompletionRequest;
import org.writeahead.engine.DeviceChoice;

/**
 * What the editor needs of a language model. {@link EngineSuggester} is the real one; tests drive
 * the editor with a fast deterministic stand-in.
 */
public interface Suggester extends AutoCloseable {

    /** Loads a model folder; called on a background thread. */
    @FunctionalInterface
    interface Factory {
        Suggester load(Path folder, DeviceChoice device) throws Exception;
    }

    /** Samples; blocks; {@code listener} hears each row's text as it grows, on the calling thread. */
    Completion complete(CompletionRequest request, CompletionListener listener, Cancellation cancellation);

    /**
     * TAB again: makes the rows of the latest completion longer by up to {@code moreTokens}
     * tokens each, continuing from what the model kept of them (nothing is fed again), when
     * {@code before} was that completion's text and {@code bases} are (some of) its rows as they
     * stand. {@code listener} hears each base's index and the text added to it so far. Returns
     * the text added to each base, or empty when the rows are no longer the latest (the caller
     * then asks afresh). Blocks.
     */
    default java.util.Optional<java.util.List<String>> extend(String before, java.util.List<String> bases, int moreTokens,
            CompletionListener listener, Cancellation cancellation) {
        return java.util.Optional.empty();
    }

    /**
     * A pause in typing: get ready for a request on {@code textBefore} (e.g. feed its prompt to
     * the model now) so that the TAB that may follow answers sooner. Never samples; blocks for
     * one prefill at most; a request that comes meanwhile waits for it. Does nothing by default.
     */
    default void prepare(String textBefore) {}

    /** A short name for the status bar, e.g. the folder's name. */
    String name();

    /** "cpu" or "gpu0". */
    String device();

    /** Why the device differs from the one asked for, or null. */
    String deviceNotice();

    long parameterCount();

    @Override
    void close();
}
