package org.writeahead.engine;

import java.time.Duration;
import org.writeahead.generate.SamplingParams;
import org.writeahead.generate.StopAt;

/**
 * What to complete and how.
 *
 * @param text the document's text before the caret (only its end is fed to the model)
 * @param count how many suggestions to sample, 1..16
 * @param maxTokens new tokens per suggestion at most, 1..1024
 * @param sampling temperature, top-k, top-p, repetition penalty, greedy
 * @param seed seed of the sampler: same seed, same suggestions
 * @param maxTime wall-clock budget; when it runs out the suggestions end where they are
 * @param stopAt end each suggestion at the end of a sentence or paragraph, or not
 * @param raw feed the prompt's tokens exactly as they are, without token healing
 */
public record CompletionRequest(
        String text,
        int count,
        int maxTokens,
        SamplingParams sampling,
        long seed,
        Duration maxTime,
        StopAt stopAt,
        boolean raw) {

    public static final int MAX_COUNT = 16;
    public static final int MAX_TOKENS = 1024;

    public CompletionRequest {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("the number of suggestions must be between 1 and " + MAX_COUNT + ", got " + count);
        }
        if (maxTokens < 1 || maxTokens > MAX_TOKENS) {
            throw new IllegalArgumentException("max tokens must be between 1 and " + MAX_TOKENS + ", got " + maxTokens);
        }
        if (maxTime != null && (maxTime.isNegative() || maxTime.isZero())) {
            throw new IllegalArgumentException("max time must be positive, got " + maxTime.toMillis() / 1000.0 + " s");
        }
        if (sampling == null || stopAt == null) {
            throw new IllegalArgumentException("sampling and stopAt must not be null");
        }
    }

    /** Three suggestions of 20 tokens with the default sampling, as the editor asks on TAB. */
    public static CompletionRequest of(String text) {
        return new CompletionRequest(text, 3, 20, SamplingParams.defaults(), System.nanoTime(), null, StopAt.NONE, false);
    }
}
