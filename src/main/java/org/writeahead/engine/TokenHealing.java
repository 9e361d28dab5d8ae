package org.writeahead.engine;

import java.util.Arrays;
import java.util.BitSet;
import org.writeahead.generate.ByteLevelVocab;

/**
 * Token healing: a prompt that ends with a space or in the middle of a word ends on a token the
 * model rarely saw there ("Ġ" alone, or "Ġwor" rather than "Ġworld"). So the prompt is backed up
 * by its last token, and the first sampled token must start with that token's bytes; those
 * bytes are then cut from the front of the output, which is exactly the text to insert.
 */
final class TokenHealing {

    /**
     * @param context the tokens to feed (never empty: end-of-text stands in for an empty prompt)
     * @param prefix bytes the first sampled token must start with and that the output drops
     * @param allowed the ids allowed as the first token, or null for all
     */
    record HealedPrompt(int[] context, byte[] prefix, BitSet allowed) {}

    private TokenHealing() {}

    static HealedPrompt heal(int[] promptIds, ByteLevelVocab vocab, boolean raw) {
        int eos = Math.max(vocab.eosId(), 0);
        if (promptIds.length == 0) {
            return new HealedPrompt(new int[] {eos}, new byte[0], null);
        }
        int last = promptIds[promptIds.length - 1];
        byte[] lastBytes = vocab.bytes(last);
        if (raw || vocab.isSpecial(last) || lastBytes.length == 0) {
            return new HealedPrompt(promptIds, new byte[0], null);
        }
        int[] context = promptIds.length == 1 ? new int[] {eos} : Arrays.copyOf(promptIds, promptIds.length - 1);
        return new HealedPrompt(context, lastBytes, vocab.idsStartingWith(lastBytes));
    }
}
