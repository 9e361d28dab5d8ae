package org.writeahead.hub;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Cancel from any thread (a Cancel button). {@link #cancel()} also closes the connection being
 * read, so a download stuck on a silent network stops at once rather than at the next byte.
 */
public final class DownloadCancellation {

    private volatile boolean cancelled;
    private final AtomicReference<Closeable> current = new AtomicReference<>();

    public void cancel() {
        cancelled = true;
        closeQuietly(current.getAndSet(null));
    }

    public boolean isCancelled() {
        return cancelled;
    }

    void check() throws DownloadCancelledException {
        if (cancelled || Thread.currentThread().isInterrupted()) {
            throw new DownloadCancelledException();
        }
    }

    /** The stream to close on cancel; null when none is open. */
    void reading(Closeable stream) {
        current.set(stream);
        if (cancelled) {
            closeQuietly(current.getAndSet(null));
        }
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                // Closing is only a way to wake the reader up.
            }
        }
    }
}
