package org.writeahead.engine;

/** A flag another thread raises to stop a generation; checked before every decode step. */
public final class Cancellation {

    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
