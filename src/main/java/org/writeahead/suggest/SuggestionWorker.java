package org.writeahead.suggest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.writeahead.engine.Cancellation;
import org.writeahead.engine.Completion;
import org.writeahead.engine.CompletionRequest;
import org.writeahead.engine.Suggestion;
import org.writeahead.settings.Settings;

/**
 * Runs suggestion requests on one daemon thread and delivers what they produce on the UI's
 * executor ({@code Platform::runLater} in the editor). Submitting cancels the request before it,
 * which stops within one decode step; the receiver drops anything whose epoch is not current.
 */
public final class SuggestionWorker implements AutoCloseable {

    /** Called on the UI executor. */
    public interface Callbacks {
        void onText(long epoch, int row, String text, double tokensPerSecond);

        void onDone(long epoch, List<String> texts, double tokensPerSecond);

        void onFailed(long epoch, String message);
    }

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "writeahead-suggest");
        t.setDaemon(true);
        return t;
    });
    private final Executor ui;
    private Cancellation current = new Cancellation();

    public SuggestionWorker(Executor ui) {
        this.ui = ui;
    }

    public void submit(Suggester suggester, SuggestionSession.Request request, Settings settings, Callbacks callbacks) {
        Cancellation cancellation = new Cancellation();
        synchronized (this) {
            current.cancel();
            current = cancellation;
        }
        long seed = ThreadLocalRandom.current().nextLong();
        executor.execute(() -> run(suggester, request, settings, callbacks, cancellation, seed));
    }

    /** Stops the running request (it ends within one decode step). */
    public synchronized void cancel() {
        current.cancel();
    }

    private void run(Suggester suggester, SuggestionSession.Request request, Settings settings, Callbacks callbacks,
            Cancellation cancellation, long seed) {
        if (cancellation.isCancelled()) {
            return;
        }
        long epoch = request.epoch();
        long start = System.nanoTime();
        AtomicInteger tokens = new AtomicInteger();
        try {
            List<String> texts = new ArrayList<>();
            if (!request.continuation()) {
                CompletionRequest req = settings.request(request.before(), request.count(), settings.lengthTokens(), seed);
                Completion completion = suggester.complete(req, (row, text) -> {
                    double rate = rate(tokens.incrementAndGet(), start);
                    ui.execute(() -> callbacks.onText(epoch, row, text, rate));
                }, cancellation);
                for (Suggestion s : completion.suggestions()) {
                    texts.add(s.text());
                }
            } else {
                // TAB again: the engine continues the rows from its cache when it still has them.
                var extended = suggester.extend(request.before(), request.bases(), settings.lengthTokens(), (row, text) -> {
                    double rate = rate(tokens.incrementAndGet(), start);
                    ui.execute(() -> callbacks.onText(epoch, row, text, rate));
                }, cancellation);
                extended.ifPresent(texts::addAll);
                for (int r = 0; extended.isEmpty() && r < request.bases().size() && !cancellation.isCancelled(); r++) {
                    int row = r;
                    CompletionRequest req = settings.request(request.before() + request.bases().get(r), 1, settings.lengthTokens(), seed + r);
                    Completion completion = suggester.complete(req, (ignored, text) -> {
                        double rate = rate(tokens.incrementAndGet(), start);
                        ui.execute(() -> callbacks.onText(epoch, row, text, rate));
                    }, cancellation);
                    texts.add(completion.suggestions().isEmpty() ? "" : completion.suggestions().get(0).text());
                }
            }
            if (!cancellation.isCancelled()) {
                double rate = rate(tokens.get(), start);
                ui.execute(() -> callbacks.onDone(epoch, texts, rate));
            }
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            ui.execute(() -> callbacks.onFailed(epoch, message));
        }
    }

    private static double rate(int tokens, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        return seconds <= 0 ? 0 : tokens / seconds;
    }

    @Override
    public void close() {
        cancel();
        executor.shutdownNow();
    }
}
