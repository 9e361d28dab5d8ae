package org.writeahead.engine;

import java.util.Locale;

/** Where the model runs: the user's setting, resolved to a real device at load time. */
public enum DeviceChoice {
    AUTO, CPU, GPU;

    public static DeviceChoice parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device must be auto, cpu or gpu, got \"" + text + "\"");
        }
    }
}
