package org.writeahead.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The command line's JSON output: one compact object per line, text kept as typed. */
final class Json {

    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private Json() {}

    /** Milliseconds to one decimal. */
    static double round(double millis) {
        return Math.round(millis * 10) / 10.0;
    }
}
