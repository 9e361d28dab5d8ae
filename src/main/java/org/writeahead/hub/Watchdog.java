package org.writeahead.hub;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a download's stream when no byte has come for a while. The JDK's HTTP client has no
 * read timeout for a response body, and a CDN connection can go silent without closing; closing
 * the stream makes the blocked read fail, and the download resumes with a Range.
 */
final class Watchdog {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "download-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Closeable stream;
    private final long timeoutNanos;
    private volatile long lastFed = System.nanoTime();
    private volatile boolean fired;
    private ScheduledFuture<?> task;

    private Watchdog(Closeable stream, Duration timeout) {
        this.stream = stream;
        this.timeoutNanos = timeout.toNanos();
    }

    static Watchdog watch(Closeable stream, Duration timeout) {
        Watchdog w = new Watchdog(stream, timeout);
        long period = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
        w.task = TIMER.scheduleAtFixedRate(w::check, period, period, TimeUnit.MILLISECONDS);
        return w;
    }

    void fed() {
        lastFed = System.nanoTime();
    }

    boolean fired() {
        return fired;
    }

    void stop() {
        task.cancel(false);
    }

    private void check() {
        if (!fired && System.nanoTime() - lastFed > timeoutNanos) {
            fired = true;
            try {
                stream.close();
            } catch (IOException | RuntimeException e) {
                // Closing only wakes the reader.
            }
            task.cancel(false);
        }
    }
}
