package org.writeahead.suggest;

import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.writeahead.hub.DownloadCancellation;
import org.writeahead.hub.DownloadCancelledException;
import org.writeahead.hub.DownloadException;
import org.writeahead.hub.DownloadListener;
import org.writeahead.hub.DownloadProgress;
import org.writeahead.hub.HubDownloader;
import org.writeahead.hub.RepoId;

/**
 * One model download for the editor: {@link HubDownloader#download} on its own background
 * thread, its progress handed to the UI executor (coalesced: the UI sees the latest figures, not
 * a queue of old ones), and one outcome, also on the UI executor: done, failed (a one-line
 * message, never a stack trace) or cancelled (the partial file stays in the cache, and the next
 * download of the same model resumes it).
 */
public final class ModelDownload {

    /** Called on the UI executor. */
    public interface Listener {
        void progress(DownloadProgress progress);

        void done(Path snapshot);

        void failed(String message);

        void cancelled();
    }

    private final RepoId repo;
    private final DownloadCancellation cancellation = new DownloadCancellation();
    private final AtomicReference<DownloadProgress> pending = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean finished;

    private ModelDownload(HubDownloader downloader, RepoId repo, Executor ui, Listener listener) {
        this.repo = repo;
        DownloadListener progress = p -> {
            if (pending.getAndSet(p) == null) {
                ui.execute(() -> {
                    DownloadProgress latest = pending.getAndSet(null);
                    if (latest != null && !cancellation.isCancelled()) {
                        listener.progress(latest);
                    }
                });
            }
        };
        thread = new Thread(() -> {
            Runnable outcome;
            try {
                Path snapshot = downloader.download(repo, progress, cancellation);
                outcome = cancellation.isCancelled() ? listener::cancelled : () -> listener.done(snapshot);
            } catch (DownloadCancelledException e) {
                outcome = listener::cancelled;
            } catch (DownloadException | RuntimeException e) {
                String message = oneLine(e);
                outcome = cancellation.isCancelled() ? listener::cancelled : () -> listener.failed(message);
            } catch (Error e) {
                String message = oneLine(e);
                outcome = () -> listener.failed(message);
            }
            Runnable last = outcome;
            ui.execute(() -> {
                finished = true;
                last.run();
            });
        }, "writeahead-download-" + repo.name());
        thread.setDaemon(true);
    }

    /** Starts downloading {@code repo} at once, on a new background thread. */
    public static ModelDownload start(HubDownloader downloader, RepoId repo, Executor ui, Listener listener) {
        ModelDownload d = new ModelDownload(downloader, repo, ui, listener);
        d.thread.start();
        return d;
    }

    public RepoId repo() {
        return repo;
    }

    /** Stops the download from any thread; the outcome (cancelled) follows on the UI executor. */
    public void cancel() {
        cancellation.cancel();
    }

    public boolean isCancelled() {
        return cancellation.isCancelled();
    }

    /** True once the outcome was delivered. */
    public boolean isFinished() {
        return finished;
    }

    /** Waits for the download thread to end (for shutdown and tests). */
    public boolean join(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    /** The exception's message as one line, for a dialog. */
    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        m = m.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
