package org.writeahead.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.writeahead.model.Gpt2Config;
import org.writeahead.model.Gpt2Model;
import org.writeahead.model.cpu.CpuKernel;
import org.writeahead.tokenize.Gpt2Tokenizer;
import org.writeahead.weights.CheckpointException;

/**
 * A loaded model and its tokenizer, answering completion requests one at a time.
 *
 * <p>Callers on other threads queue on a lock; the editor cancels the running request before it
 * sends the next, and a cancelled request stops before its next decode step.
 */
public final class CompletionEngine implements AutoCloseable {

    private final Path folder;
    private final Gpt2Model model;
    private final Gpt2Tokenizer tokenizer;
    private Generator last; // the latest request's rows and cache, kept for extend(); guarded by lock
    private final PromptCache promptCache; // the latest prompt's cache, kept for the next request; guarded by lock
    private int lastMaxTokens = 20; // the latest request's, for prepare(); guarded by lock
    private boolean lastRaw; // likewise
    private boolean closed; // guarded by lock
    private final String deviceNotice;
    private final double loadMillis;
    private final ReentrantLock lock = new ReentrantLock();

    private CompletionEngine(Path folder, Gpt2Model model, Gpt2Tokenizer tokenizer, String deviceNotice, double loadMillis) {
        this.folder = folder;
        this.model = model;
        this.tokenizer = tokenizer;
        this.deviceNotice = deviceNotice;
        this.loadMillis = loadMillis;
        this.promptCache = new PromptCache(model);
    }

    /**
     * Loads a Hugging Face GPT-2 folder. A GPU that is asked for but missing or failing falls
     * back to the CPU; {@link #deviceNotice()} then says why.
     */
    public static CompletionEngine load(Path folder, DeviceChoice choice) throws CheckpointException {
        long start = System.nanoTime();
        Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(folder.resolve("tokenizer.json"));
        try {
            int gpus = choice == DeviceChoice.CPU ? 0 : Engine.getInstance().getGpuCount();
            String notice = null;
            Gpt2Model model = null;
            if (gpus > 0) {
                try {
                    model = Gpt2Model.load(folder, Device.gpu());
                } catch (CheckpointException e) {
                    throw e;
                } catch (RuntimeException | UnsatisfiedLinkError e) {
                    notice = "the GPU could not be used (" + e.getMessage() + "); running on the CPU";
                }
            } else if (choice == DeviceChoice.GPU) {
                notice = "no GPU found; running on the CPU";
            }
            if (model == null) {
                model = Gpt2Model.load(folder, Device.cpu());
                String kernel = CpuKernel.unavailableReason();
                if (kernel != null) {
                    notice = notice == null ? kernel : notice + "; " + kernel;
                }
            }
            checkVocabulary(folder, model.config(), tokenizer);
            return new CompletionEngine(folder, model, tokenizer, notice, (System.nanoTime() - start) / 1e6);
        } catch (CheckpointException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    private static void checkVocabulary(Path folder, Gpt2Config config, Gpt2Tokenizer tokenizer) throws CheckpointException {
        if (tokenizer.vocab().size() > config.vocabSize()) {
            throw new CheckpointException(folder.resolve("tokenizer.json") + ": the tokenizer has " + tokenizer.vocab().size()
                    + " tokens but the model only " + config.vocabSize());
        }
    }

    /**
     * Samples suggestions; blocks while another request runs. {@code listener} hears each row's
     * text as it grows, on this thread. The rows stay open for {@link #extend} until the next
     * request.
     */
    public Completion complete(CompletionRequest request, CompletionListener listener, Cancellation cancellation) {
        lock.lock();
        try {
            closeLast();
            lastMaxTokens = request.maxTokens();
            lastRaw = request.raw();
            last = new Generator(model, tokenizer, promptCache, request);
            return last.run(listener, cancellation);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Prefills the prompt a request on {@code text} would feed (tokenized and healed as the
     * latest request was, for its length and raw setting), without sampling, so that a request
     * that follows on the same text feeds nothing and one on a longer text only what was added.
     * Meant for a pause in typing; holds the lock for this one prefill only, so a request that
     * comes meanwhile waits for it and then reuses its cache. The latest request's rows stay
     * open for {@link #extend}. Returns the prompt tokens fed (0 when it was prefilled already).
     */
    public int prepare(String text) {
        lock.lock();
        try {
            if (closed) {
                return 0; // a pause that ended after the model was replaced
            }
            int[] ids = Generator.promptIds(model, tokenizer, text, lastMaxTokens);
            return promptCache.prefill(TokenHealing.heal(ids, tokenizer.vocab(), lastRaw).context()).fed();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the kept prompt cache: the next request feeds its whole prompt (a new document, or a cold benchmark). */
    public void clearPromptCache() {
        lock.lock();
        try {
            promptCache.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Positions and model arrays the kept prompt cache holds now; for tests. */
    int[] promptCacheSize() {
        lock.lock();
        try {
            return new int[] {promptCache.length(), promptCache.arrayCount()};
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes the latest request's rows longer by up to {@code moreTokens} tokens each, continuing
     * from their caches (the prompt is not fed again); the suggestions are the rows' whole texts
     * and {@code listener} hears each row's whole text as it grows. Rows that ended stay as they
     * are.
     *
     * @param rowTexts the rows' texts as the caller last saw them (before merging), which must
     *     still be the latest request's; otherwise another request came in between and this
     *     throws {@link IllegalStateException}
     */
    public Completion extend(List<String> rowTexts, int moreTokens, CompletionListener listener, Cancellation cancellation) {
        if (moreTokens < 1 || moreTokens > CompletionRequest.MAX_TOKENS) {
            throw new IllegalArgumentException("more tokens must be between 1 and " + CompletionRequest.MAX_TOKENS + ", got " + moreTokens);
        }
        lock.lock();
        try {
            if (last == null || !last.rowTexts().equals(rowTexts)) {
                throw new IllegalStateException("those suggestions are no longer the engine's latest; ask for new ones");
            }
            return last.extend(moreTokens, listener, cancellation);
        } finally {
            lock.unlock();
        }
    }

    /** Each row's text of the latest request, before identical rows are merged; empty if none. */
    public List<String> rowTexts() {
        lock.lock();
        try {
            return last == null ? List.of() : last.rowTexts();
        } finally {
            lock.unlock();
        }
    }

    private void closeLast() {
        if (last != null) {
            last.close();
            last = null;
        }
    }

    public Completion complete(CompletionRequest request) {
        return complete(request, CompletionListener.NONE, new Cancellation());
    }

    /** Log-probabilities of each token after the first, for perplexity; one window at a time. */
    public double[] tokenLogProbs(int[] window) {
        lock.lock();
        try (var cache = model.newCache()) {
            return model.tokenLogProbs(window, cache);
        } finally {
            lock.unlock();
        }
    }

    public Gpt2Tokenizer tokenizer() {
        return tokenizer;
    }

    public Gpt2Config config() {
        return model.config();
    }

    public Path folder() {
        return folder;
    }

    /** "cpu", or "gpu" with its index, e.g. "gpu0". */
    public String deviceName() {
        Device device = model.device();
        return device.isGpu() ? "gpu" + device.getDeviceId() : "cpu";
    }

    /** What runs the decode steps: "cpu kernel, N threads" or "pytorch". */
    public String decodePath() {
        return model.decodePath();
    }

    /** "float32" or "float16". */
    public String precision() {
        return model.precision();
    }

    /** Why the device differs from the one asked for, or null. */
    public String deviceNotice() {
        return deviceNotice;
    }

    public double loadMillis() {
        return loadMillis;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            closeLast();
            promptCache.close();
            model.close();
            tokenizer.close();
        } finally {
            lock.unlock();
        }
    }
}
