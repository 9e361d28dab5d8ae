package org.writeahead.engine;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.writeahead.generate.ByteLevelVocab;
import org.writeahead.generate.Sampler;
import org.writeahead.generate.SuggestionText;
import org.writeahead.generate.TokenHistory;
import org.writeahead.model.Gpt2Model;
import org.writeahead.model.KvCache;
import org.writeahead.tokenize.Gpt2Tokenizer;

/**
 * Runs one completion request: tokenize the end of the text, heal its last token, prefill once,
 * then sample all rows together, one batched decode step per token, sharing the prompt's cache.
 */
final class Generator {

    private final Gpt2Model model;
    private final Gpt2Tokenizer tokenizer;

    Generator(Gpt2Model model, Gpt2Tokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    Completion run(CompletionRequest request, CompletionListener listener, Cancellation cancellation) {
        long start = System.nanoTime();
        long deadline = request.maxTime() == null ? Long.MAX_VALUE : start + request.maxTime().toNanos();
        ByteLevelVocab vocab = tokenizer.vocab();
        int nPositions = model.config().nPositions();
        int maxTokens = Math.min(request.maxTokens(), nPositions - 1);
        // Keep room in the context for the new tokens (and the healed one): the text nearest the
        // caret is what is kept when the document is longer than the model's context.
        int[] promptIds = tokenizer.encodeTail(request.text(), nPositions - maxTokens - 1);
        TokenHealing.HealedPrompt prompt = TokenHealing.heal(promptIds, vocab, request.raw());

        int rows = request.count();
        List<RowState> states = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            TokenHistory history = new TokenHistory();
            history.addAll(promptIds);
            states.add(new RowState(history, prompt.prefix().length));
        }
        Sampler sampler = new Sampler(request.seed());
        int eos = vocab.eosId();
        boolean cancelled = false;
        boolean timedOut = false;
        double prefillMs;
        double firstTokenMs = 0;
        long decodeNanos = 0;
        int steps = 0;

        try (KvCache cache = model.newCache()) {
            float[][] logits = model.nextTokenLogits(new int[][] {prompt.context()}, cache);
            prefillMs = millisSince(start);
            cache.repeatBatch(rows);
            for (int step = 0; step < maxTokens; step++) {
                BitSet allowed = step == 0 ? prompt.allowed() : null;
                for (int r = 0; r < rows; r++) {
                    RowState row = states.get(r);
                    if (row.finished()) {
                        continue;
                    }
                    float[] rowLogits = logits.length == 1 ? logits[0] : logits[r];
                    int id = sampler.sample(rowLogits, request.sampling(), row.history, allowed);
                    if (id == eos || vocab.isSpecial(id)) {
                        row.finish();
                        continue;
                    }
                    row.add(id, vocab.bytes(id));
                    row.applyStop(request.stopAt());
                    listener.onText(r, row.partialText());
                }
                if (step == 0) {
                    firstTokenMs = millisSince(start);
                }
                if (states.stream().allMatch(RowState::finished) || step == maxTokens - 1) {
                    break;
                }
                if (cancellation.isCancelled()) {
                    cancelled = true;
                    break;
                }
                if (System.nanoTime() >= deadline) {
                    timedOut = true;
                    break;
                }
                int[][] next = new int[rows][];
                for (int r = 0; r < rows; r++) {
                    RowState row = states.get(r);
                    // A finished row still takes part in the batch (its output is ignored), so
                    // the cache keeps one shape; it feeds end-of-text.
                    next[r] = new int[] {row.finished() || row.ids().length == 0 ? Math.max(eos, 0) : row.lastId()};
                }
                long stepStart = System.nanoTime();
                logits = model.nextTokenLogits(next, cache);
                decodeNanos += System.nanoTime() - stepStart;
                steps++;
            }
        }
        double total = millisSince(start);
        Timing timing = new Timing(prefillMs, firstTokenMs, steps == 0 ? 0 : decodeNanos / 1e6 / steps, total, steps);
        return new Completion(distinct(states, request.raw()), promptIds.length, timing, cancelled, timedOut);
    }

    /** Merges identical suggestions, keeping the first; drops empty ones unless raw ids are wanted. */
    private static List<Suggestion> distinct(List<RowState> states, boolean raw) {
        Map<String, RowState> firstByText = new LinkedHashMap<>();
        for (RowState row : states) {
            firstByText.putIfAbsent(row.finalText(), row);
        }
        List<String> kept = raw ? new ArrayList<>(firstByText.keySet()) : SuggestionText.dedupe(new ArrayList<>(firstByText.keySet()));
        List<Suggestion> out = new ArrayList<>(kept.size());
        for (String text : kept) {
            out.add(new Suggestion(text, firstByText.get(text).ids()));
        }
        return out;
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
