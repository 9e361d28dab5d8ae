package org.writeahead.engine;

import org.writeahead.model.Gpt2Model;
import org.writeahead.model.Decoder;
import org.writeahead.model.KvCache;

/**
 * The last prompt the engine prefilled, kept between requests: its token ids, its single-row KV
 * cache and the logits after its last token. A new prompt keeps the positions it has in common
 * with the old one at the start and feeds only the rest, so a TAB after a few typed words feeds
 * a few tokens instead of the whole prompt, and a TAB on a prompt prepared in a typing pause feeds
 * none. When the start changed (the window moved over a long document) everything is fed again.
 *
 * <p>Not thread-safe; the engine calls it under its lock.
 */
final class PromptCache implements AutoCloseable {

    /**
     * The result of one prefill: the logits after the prompt's last token, and how many of its
     * tokens were fed to the model (the rest came from the cache).
     */
    record Prefill(float[] logits, int fed, int reused) {}

    private final Gpt2Model model;
    private KvCache cache; // one row holding exactly ids, or null
    private int[] ids = new int[0];
    private float[] logits; // after ids' last token, or null

    PromptCache(Gpt2Model model) {
        this.model = model;
    }

    /** Makes the cache hold exactly {@code context} (never empty) and returns the logits after it. */
    Prefill prefill(int[] context) {
        if (context.length == 0) {
            throw new IllegalArgumentException("no tokens to feed");
        }
        int common = commonPrefix(ids, context);
        if (common == context.length && common == ids.length && logits != null) {
            return new Prefill(logits.clone(), 0, common);
        }
        // At least the last token is fed, for its logits.
        int keep = Math.min(common, context.length - 1);
        if (cache == null || keep == 0) {
            clear();
            cache = model.newCache();
        } else {
            cache.keepPrefix(keep);
        }
        ids = java.util.Arrays.copyOf(context, keep);
        logits = null;
        int[] rest = java.util.Arrays.copyOfRange(context, keep, context.length);
        try {
            float[] out = model.nextTokenLogits(new int[][] {rest}, cache)[0];
            ids = context.clone();
            logits = out;
            return new Prefill(out.clone(), rest.length, keep);
        } catch (RuntimeException e) {
            clear();
            throw e;
        }
    }

    /**
     * Decode steps for {@code rows} continuations of the prefilled prompt; they grow on copies of
     * their own, so the prompt's cache stays as it is for the next request.
     */
    Decoder decoder(int rows) {
        if (cache == null) {
            throw new IllegalStateException("nothing is prefilled");
        }
        return model.decoder(cache, rows);
    }

    /** Positions held now. */
    int length() {
        return cache == null ? 0 : cache.length();
    }

    /** Model arrays held now (for tests that check that nothing piles up). */
    int arrayCount() {
        return cache == null ? 0 : cache.arrayCount();
    }

    /** Forgets the prompt: the next prefill feeds everything. */
    void clear() {
        if (cache != null) {
            cache.close();
            cache = null;
        }
        ids = new int[0];
        logits = null;
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    @Override
    public void close() {
        clear();
    }
}
