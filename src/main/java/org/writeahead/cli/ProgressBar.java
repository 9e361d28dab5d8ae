package org.writeahead.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.writeahead.hub.DownloadListener;
import org.writeahead.hub.DownloadProgress;

/**
 * A download's progress on stderr. On a terminal, one line redrawn in place:
 * {@code model.safetensors [#########-----------] 45%  248/548 MB  12.3 MB/s  0:24 left};
 * otherwise (a log, a pipe) a plain line every few seconds, so logs stay readable.
 */
final class ProgressBar implements DownloadListener {

    private static final long LOG_EVERY_NANOS = 5_000_000_000L;
    private static final long DRAW_EVERY_NANOS = 100_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final int width;
    private long lastDraw;
    private boolean lineOpen;

    ProgressBar(PrintStream err, boolean terminal, int width) {
        this.err = err;
        this.terminal = terminal;
        this.width = Math.max(40, width);
        // In a log, the first line comes after 5 seconds: a quick download needs none.
        this.lastDraw = terminal ? 0 : System.nanoTime();
    }

    /**
     * Java 17 cannot ask whether stderr alone is a terminal; {@code System.console()} is non-null
     * when the process is attached to one (stdin and stdout), which is what an interactive run looks like.
     */
    static ProgressBar forStderr(java.util.Map<String, String> env) {
        int columns = 80;
        try {
            columns = Integer.parseInt(env.getOrDefault("COLUMNS", "80").trim());
        } catch (NumberFormatException e) {
            // Keep 80.
        }
        return new ProgressBar(System.err, System.console() != null && !"dumb".equals(env.get("TERM")), columns);
    }

    @Override
    public void progress(DownloadProgress p) {
        if (p.phase() == DownloadProgress.Phase.CHECKING || p.phase() == DownloadProgress.Phase.DONE) {
            return;
        }
        long now = System.nanoTime();
        boolean fileEnd = p.fileBytes() == p.fileTotal();
        if (now - lastDraw < (terminal ? DRAW_EVERY_NANOS : LOG_EVERY_NANOS) && !fileEnd) {
            return;
        }
        if (!terminal && fileEnd) {
            return; // the verification note that follows says it
        }
        lastDraw = now;
        if (terminal) {
            String line = barLine(p);
            err.print("\r" + line + " ".repeat(Math.max(0, width - 1 - line.length())));
            err.flush();
            lineOpen = true;
        } else {
            err.println(logLine(p));
        }
    }

    @Override
    public void note(String message) {
        if (lineOpen) {
            err.print("\r" + " ".repeat(width - 1) + "\r");
            lineOpen = false;
        }
        err.println(message);
    }

    /** Ends the bar's line, if one is open. */
    void finish() {
        if (lineOpen) {
            err.println();
            lineOpen = false;
        }
    }

    String barLine(DownloadProgress p) {
        String stats = String.format(Locale.ROOT, " %3d%%  %s/%s in all  %s  %s", percent(p), megabytes(p.doneBytes()),
                megabytes(p.totalBytes()) + " MB", speed(p), p.phase() == DownloadProgress.Phase.RESUMING ? "checking kept part"
                : timeLeft(p.secondsLeft()));
        String name = p.file();
        int barWidth = Math.max(10, Math.min(30, width - 1 - name.length() - stats.length() - 3));
        int filled = (int) Math.round(p.fraction() * barWidth);
        return name + " [" + "#".repeat(filled) + "-".repeat(barWidth - filled) + "]" + stats;
    }

    static String logLine(DownloadProgress p) {
        // The figures are the whole download's; the file is the one coming in now.
        return String.format(Locale.ROOT, "%s of %s MB in all (%d%%), %s, %s; now %s", megabytes(p.doneBytes()),
                megabytes(p.totalBytes()), percent(p), speed(p), timeLeft(p.secondsLeft()), p.file());
    }

    private static int percent(DownloadProgress p) {
        return (int) Math.floor(100 * p.fraction());
    }

    private static String megabytes(long bytes) {
        return bytes < 10_000_000 ? String.format(Locale.ROOT, "%.1f", bytes / 1e6) : Long.toString(Math.round(bytes / 1e6));
    }

    private static String speed(DownloadProgress p) {
        return p.bytesPerSecond() > 0 ? String.format(Locale.ROOT, "%.1f MB/s", p.bytesPerSecond() / 1e6) : "-- MB/s";
    }

    static String timeLeft(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "--:-- left";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d left", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d left", s / 60, s % 60);
    }
}
