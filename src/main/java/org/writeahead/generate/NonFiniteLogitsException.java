package org.writeahead.generate;

/**
 * The model's logits cannot be sampled from: a NaN or +Infinity appeared, or every allowed
 * token was masked to -Infinity. This signals a broken model or numeric overflow, so it is
 * an error to report, not something to paper over by picking an arbitrary token.
 */
public class NonFiniteLogitsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NonFiniteLogitsException(String message) {
        super(message);
    }
}
