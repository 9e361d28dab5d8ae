package org.writeahead.hub;

import java.io.IOException;

/** A download that could not be done, with a one-line message meant for the user. */
public class DownloadException extends IOException {
    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
