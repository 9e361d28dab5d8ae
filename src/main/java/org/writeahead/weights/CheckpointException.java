package org.writeahead.weights;

import java.io.IOException;

/**
 * A checkpoint that cannot be used. The message is one line, names the file and the problem, and
 * is meant to be shown to the user as is (no stack trace needed).
 */
public class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
