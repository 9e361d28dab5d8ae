package org.writeahead.hub;

/**
 * Hears a download's progress, on the downloading thread (at most every 100 ms or so, and at
 * each file's end). A UI hands the values to its own thread (e.g. {@code Platform.runLater}).
 */
public interface DownloadListener {

    DownloadListener NONE = p -> {};

    void progress(DownloadProgress progress);

    /** Something worth one line: a resume, a retry after a lost connection, a file built locally. */
    default void note(String message) {}
}
