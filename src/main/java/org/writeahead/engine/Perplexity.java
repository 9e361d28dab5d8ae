package org.writeahead.engine;

/**
 * Perplexity of a token sequence with a sliding window, as Hugging Face's perplexity guide
 * computes it: windows of the model's context length that advance by {@code stride}; each
 * token is scored once, in the first window that reaches it, with as much context before it
 * as that window holds. The very first token has no context and is not scored.
 */
public final class Perplexity {

    /** @param tokens tokens in the text @param scored tokens predicted @param meanNll mean negative log-likelihood in nats */
    public record Result(int tokens, int scored, double meanNll) {
        public double perplexity() {
            return Math.exp(meanNll);
        }

        /** Combines results of several texts, weighting each by the tokens it scored. */
        public Result plus(Result other) {
            int scoredTotal = scored + other.scored;
            // A text with nothing scored has a NaN mean; it adds tokens but no weight.
            double sum = (scored == 0 ? 0 : meanNll * scored) + (other.scored == 0 ? 0 : other.meanNll * other.scored);
            double mean = scoredTotal == 0 ? Double.NaN : sum / scoredTotal;
            return new Result(tokens + other.tokens, scoredTotal, mean);
        }
    }

    private Perplexity() {}

    public static Result of(CompletionEngine engine, int[] tokens, int stride) {
        int context = engine.config().nPositions();
        if (stride < 1 || stride > context) {
            throw new IllegalArgumentException("stride must be between 1 and the model's context of " + context + ", got " + stride);
        }
        int step = Math.max(1, Math.min(stride, context - 1));
        double nll = 0;
        int scored = 0;
        int scoredUpTo = 1; // tokens before this index have been scored (token 0 never is)
        for (int begin = 0; begin < tokens.length - 1; begin += step) {
            int end = Math.min(begin + context, tokens.length);
            int[] window = java.util.Arrays.copyOfRange(tokens, begin, end);
            double[] logProbs = engine.tokenLogProbs(window); // logProbs[i] scores tokens[begin + i + 1]
            for (int i = 0; i < logProbs.length; i++) {
                int target = begin + i + 1;
                if (target >= scoredUpTo) {
                    nll -= logProbs[i];
                    scored++;
                }
            }
            scoredUpTo = end;
            if (end == tokens.length) {
                break;
            }
        }
        return new Result(tokens.length, scored, scored == 0 ? Double.NaN : nll / scored);
    }
}
