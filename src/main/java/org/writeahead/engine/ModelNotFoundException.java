package org.writeahead.engine;

/** No model folder where the user pointed, or none at all; the message is one line for the user. */
public final class ModelNotFoundException extends IllegalArgumentException {
    public ModelNotFoundException(String message) {
        super(message);
    }
}
