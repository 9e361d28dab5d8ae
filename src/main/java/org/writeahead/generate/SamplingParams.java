package org.writeahead.generate;

/**
 * How the next token is chosen from the model's logits.
 *
 * <p>Values are validated here, once, so the sampler never has to guess what a NaN temperature
 * or a negative top-k was meant to do. A {@code topK} of 0 switches top-k off; a {@code topP} of
 * 1 switches nucleus filtering off; a {@code repetitionPenalty} of 1 switches the penalty off.
 * A temperature or top-p of 0 (or less, for top-p) means greedy decoding, which is also what
 * {@code greedy = true} asks for.
 */
public record SamplingParams(
        double temperature, int topK, double topP, double repetitionPenalty, boolean greedy) {

    /** The largest temperature or penalty accepted: beyond it the values are almost surely typos. */
    private static final double MAX_SCALE = 100.0;

    public SamplingParams {
        if (Double.isNaN(temperature) || temperature < 0 || temperature > MAX_SCALE) {
            throw new IllegalArgumentException(
                    "temperature must be between 0 and 100, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be 0 (off) or positive, got " + topK);
        }
        // topP <= 0 is allowed and means greedy (see isGreedy); only NaN and > 1 are meaningless.
        if (Double.isNaN(topP) || topP > 1) {
            throw new IllegalArgumentException("top-p must be at most 1, got " + topP);
        }
        if (Double.isNaN(repetitionPenalty)
                || repetitionPenalty <= 0
                || repetitionPenalty > MAX_SCALE) {
            throw new IllegalArgumentException(
                    "the repetition penalty must be greater than 0 and at most 100, got "
                            + repetitionPenalty);
        }
    }

    /** Plain nucleus sampling: temperature 1, top-k off, top-p 0.9, no repetition penalty. */
    public static SamplingParams defaults() {
        return new SamplingParams(1.0, 0, 0.9, 1.0, false);
    }

    /**
     * True when sampling collapses to argmax: asked for explicitly, or a temperature of 0
     * (a distribution infinitely sharp) or a top-p of 0 or less (a nucleus of one token).
     */
    public boolean isGreedy() {
        return greedy || temperature <= 0 || topP <= 0;
    }
}
