package org.writeahead.model;

/**
 * The decode steps of one request: every row feeds one token and gets the logits of the next,
 * continuing a prefilled prompt. Made by {@link Gpt2Model#decoder}; two implementations, PyTorch's
 * batched forward over a {@link KvCache} and the CPU kernel of {@code model.cpu}, which give the
 * same logits to float rounding.
 */
public interface Decoder extends AutoCloseable {

    /**
     * Feeds tokens[r] to row r and returns each row's next-token logits, [rows][V]. The arrays
     * are valid until the next step, which may overwrite them.
     */
    float[][] step(int[] tokens);

    /** Positions seen so far, the prompt included. */
    int length();

    @Override
    void close();
}
