package org.writeahead.hub;

/** No connection to the hub (or its file server) could be made: refused, timed out, unknown host. */
public final class HubUnreachableException extends DownloadException {
    public HubUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
