package org.writeahead.hub;

/** The user cancelled; what was downloaded so far stays in the cache's .incomplete file for a resume. */
public final class DownloadCancelledException extends DownloadException {
    public DownloadCancelledException() {
        super("download cancelled; run it again to resume where it stopped");
    }
}
