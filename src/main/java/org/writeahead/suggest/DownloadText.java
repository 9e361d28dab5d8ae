package org.writeahead.suggest;

import java.util.Locale;
import org.writeahead.hub.DownloadProgress;

/** The figures a download's progress shows, as text: "3.2 MB of 549 MB", "4.1 MB/s", "2 min 5 s left". */
public final class DownloadText {

    private DownloadText() {}

    /** Decimal units, as download sizes are shown: "512 B", "1.5 kB", "3.2 MB", "1.52 GB". */
    public static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, n < 100_000 ? "%.1f kB" : "%.0f kB", n / 1e3);
        }
        if (n < 1_000_000_000) {
            return String.format(Locale.ROOT, n < 100_000_000 ? "%.1f MB" : "%.0f MB", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", n / 1e9);
    }

    public static String speed(double bytesPerSecond) {
        if (!(bytesPerSecond > 0) || Double.isInfinite(bytesPerSecond)) {
            return "—";
        }
        return bytes(Math.round(bytesPerSecond)) + "/s";
    }

    /** "45 s left", "2 min 5 s left", "1 h 3 min left"; "estimating time left" until there is a rate. */
    public static String timeLeft(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds < 0) {
            return "estimating time left";
        }
        long s = Math.round(Math.ceil(seconds));
        if (s < 60) {
            return s + " s left";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s left";
        }
        return (s / 3600) + " h " + ((s % 3600) / 60) + " min left";
    }

    /** "3.2 MB of 8.1 MB · 1.1 MB/s · 5 s left". */
    public static String line(DownloadProgress p) {
        return bytes(p.doneBytes()) + " of " + bytes(p.totalBytes()) + " in all · " + speed(p.bytesPerSecond()) + " · " + timeLeft(p.secondsLeft());
    }

    /** What is happening to which file: "model.safetensors: downloading". */
    public static String phase(DownloadProgress p) {
        String what = switch (p.phase()) {
            case CHECKING -> "checking";
            case DOWNLOADING -> "downloading";
            case RESUMING -> "resuming (checking the part already here)";
            case DONE -> "verified";
        };
        return p.file() + ": " + what;
    }

    /** Whole percent, "34%". */
    public static String percent(DownloadProgress p) {
        return (int) Math.floor(p.fraction() * 100) + "%";
    }
}
