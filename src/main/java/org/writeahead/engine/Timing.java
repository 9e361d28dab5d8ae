package org.writeahead.engine;

/**
 * Where the time of one completion went, in milliseconds.
 *
 * @param prefill feeding the prompt (tokenizing included)
 * @param firstToken from the request until every row had its first token
 * @param perStep mean time of one decode step after the first token (0 when there was none)
 * @param total the whole request
 * @param steps decode steps run after the prefill
 * @param promptFed prompt tokens fed to the model by this request; the rest of the prompt came
 *     from the engine's kept prompt cache (0 when the prompt was prefilled already, e.g. in a
 *     typing pause, or when the request only made the last rows longer)
 * @param medianStep median time of one decode step (0 when there was none)
 */
public record Timing(double prefill, double firstToken, double perStep, double total, int steps, int promptFed, double medianStep) {

    /** A timing without the prompt-cache and median fields (both 0). */
    public Timing(double prefill, double firstToken, double perStep, double total, int steps) {
        this(prefill, firstToken, perStep, total, steps, 0, 0);
    }
}
