package org.writeahead.hub;

/**
 * Where a download stands. Bytes count only what still has to come over the network (files
 * already in the cache are left out of {@code totalBytes}, and so is config.json, a few hundred
 * bytes fetched first to check that the model is a GPT-2); {@code bytesPerSecond} is measured
 * over the last few seconds and {@code secondsLeft} is NaN until there is a rate to go by.
 *
 * @param file the file being worked on, e.g. {@code model.safetensors}
 * @param phase what is happening to it
 * @param fileBytes bytes of it done (downloaded, or hashed while verifying a resumed file)
 * @param fileTotal its size
 * @param doneBytes bytes done over the whole download
 * @param totalBytes bytes to download in all
 */
public record DownloadProgress(String file, Phase phase, long fileBytes, long fileTotal, long doneBytes, long totalBytes,
        double bytesPerSecond, double secondsLeft) {

    public enum Phase {
        /** Asking the hub for a file's size, checksum and commit (HEAD). */
        CHECKING,
        /** Bytes arriving. */
        DOWNLOADING,
        /** Re-reading the part of a file kept from an earlier try, to continue its checksum. */
        RESUMING,
        /** The file is complete, verified and in the cache. */
        DONE
    }

    /** 0..1 over the whole download; 1 when there was nothing to download. */
    public double fraction() {
        return totalBytes <= 0 ? 1 : Math.min(1, doneBytes / (double) totalBytes);
    }
}
