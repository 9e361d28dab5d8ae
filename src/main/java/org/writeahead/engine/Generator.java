package org.writeahead.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.writeahead.generate.ByteLevelVocab;
import org.writeahead.generate.Sampler;
import org.writeahead.generate.SuggestionText;
import org.writeahead.generate.TokenHistory;
import org.writeahead.model.Decoder;
import org.writeahead.model.Gpt2Model;
import org.writeahead.tokenize.Gpt2Tokenizer;

/**
 * One completion request and what it keeps to go on: tokenize the end of the text, heal its last
 * token, prefill once (only what the engine's {@link PromptCache} does not hold yet), then sample
 * all rows together, one batched decode step per token ({@link Decoder}: the CPU kernel or
 * PyTorch), every row continuing the prompt's cache. The decoder, the rows and the sampler stay
 * open after {@link #decode}, so that the same rows can be made longer later without feeding the
 * prompt again.
 */
final class Generator implements AutoCloseable {

    private final Gpt2Model model;
    private final CompletionRequest request;
    private final ByteLevelVocab vocab;
    private final int[] promptIds;
    private final TokenHealing.HealedPrompt prompt;
    private final List<RowState> states;
    private final Sampler sampler;
    private final Decoder decoder;
    private final double prefillMs;
    private final int promptFed;
    private final long startNanos;
    private float[][] logits; // for the next token of each row, or null when the last ones are not fed yet
    private boolean sampledAny;

    /**
     * Tokenizes and prefills through {@code promptCache}, which keeps the prompt for the next
     * request and feeds only what it does not hold yet; call {@link #decode} for the tokens.
     */
    Generator(Gpt2Model model, Gpt2Tokenizer tokenizer, PromptCache promptCache, CompletionRequest request) {
        this.startNanos = System.nanoTime();
        this.model = model;
        this.request = request;
        this.vocab = tokenizer.vocab();
        this.promptIds = promptIds(model, tokenizer, request.text(), request.maxTokens());
        this.prompt = TokenHealing.heal(promptIds, vocab, request.raw());
        int rows = request.count();
        this.states = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            TokenHistory history = new TokenHistory();
            history.addAll(promptIds);
            states.add(new RowState(history, prompt.prefix().length));
        }
        this.sampler = new Sampler(request.seed());
        PromptCache.Prefill prefilled = promptCache.prefill(prompt.context());
        this.logits = new float[][] {prefilled.logits()};
        this.promptFed = prefilled.fed();
        this.decoder = promptCache.decoder(rows);
        this.prefillMs = millisSince(startNanos);
    }

    /**
     * The ids a request on {@code text} feeds before healing: the tail of the text that fits the
     * context with room for {@code maxTokens} new tokens (and the healed one), but never less than
     * half the context, so that the text nearest the caret is what is kept when the document is
     * longer, and a long request ends where the context is full instead of silently dropping the
     * text it continues.
     */
    static int[] promptIds(Gpt2Model model, Gpt2Tokenizer tokenizer, String text, int maxTokens) {
        int nPositions = model.config().nPositions();
        int promptRoom = Math.max(nPositions - Math.min(maxTokens, nPositions - 1) - 1, nPositions / 2);
        return tokenizer.encodeTail(text, promptRoom);
    }

    /** The request's own tokens: prefill and {@code maxTokens} new tokens. */
    Completion run(CompletionListener listener, Cancellation cancellation) {
        return decode(Math.min(request.maxTokens(), model.config().nPositions() - 1), listener, cancellation, startNanos, prefillMs, promptFed);
    }

    /**
     * Up to {@code moreTokens} further tokens for every row that has not ended, continuing where
     * the last call stopped; the suggestions returned are the rows' whole texts. Stops early when
     * the model's context is full.
     */
    Completion extend(int moreTokens, CompletionListener listener, Cancellation cancellation) {
        return decode(moreTokens, listener, cancellation, System.nanoTime(), 0, 0);
    }

    /** Each row's text so far, in row order (before merging identical ones). */
    List<String> rowTexts() {
        List<String> out = new ArrayList<>(states.size());
        for (RowState row : states) {
            out.add(row.finalText());
        }
        return out;
    }

    /** Samples up to {@code budget} tokens per row; the request's max time counts from {@code start}. */
    private Completion decode(int budget, CompletionListener listener, Cancellation cancellation, long start, double prefill,
            int fed) {
        Duration maxTime = request.maxTime();
        long deadline = maxTime == null ? Long.MAX_VALUE : start + maxTime.toNanos();
        int rows = states.size();
        int eos = vocab.eosId();
        int nPositions = model.config().nPositions();
        boolean cancelled = false;
        boolean timedOut = false;
        double firstTokenMs = 0;
        long decodeNanos = 0;
        List<Long> stepNanos = new ArrayList<>();
        int steps = 0;
        for (int step = 0; step < budget && !allFinished(); step++) {
            if (logits == null) {
                if (cancellation.isCancelled()) {
                    cancelled = true;
                    break;
                }
                if (System.nanoTime() >= deadline) {
                    timedOut = true;
                    break;
                }
                if (decoder.length() >= nPositions) {
                    break; // the context is full: the rows cannot grow any more
                }
                int[] next = new int[rows];
                for (int r = 0; r < rows; r++) {
                    RowState row = states.get(r);
                    // A finished row still takes part in the batch (its output is ignored), so
                    // the cache keeps one shape; it feeds end-of-text.
                    next[r] = row.finished() || row.isEmpty() ? Math.max(eos, 0) : row.lastId();
                }
                long stepStart = System.nanoTime();
                logits = decoder.step(next);
                long took = System.nanoTime() - stepStart;
                decodeNanos += took;
                stepNanos.add(took);
                steps++;
            }
            BitSet allowed = sampledAny ? null : prompt.allowed();
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
            sampledAny = true;
            logits = null;
            if (step == 0) {
                firstTokenMs = millisSince(start);
            }
        }
        double total = millisSince(start);
        Timing timing = new Timing(prefill, firstTokenMs, steps == 0 ? 0 : decodeNanos / 1e6 / steps, total, steps, fed,
                medianMillis(stepNanos));
        return new Completion(distinct(states, request.raw()), promptIds.length, timing, cancelled, timedOut);
    }

    private boolean allFinished() {
        return states.stream().allMatch(RowState::finished);
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

    private static double medianMillis(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return 0;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int mid = sorted.length / 2;
        return (sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0) / 1e6;
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    @Override
    public void close() {
        decoder.close();
    }
}
