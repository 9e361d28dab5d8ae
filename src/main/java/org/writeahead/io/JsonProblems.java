package org.writeahead.io;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Short, user-facing descriptions of JSON that does not parse (Gson's own messages give library advice). */
public final class JsonProblems {

    private static final Pattern PLACE = Pattern.compile("line (\\d+) column (\\d+)");

    private JsonProblems() {}

    /** "not valid JSON (line 3, column 7)", or without the place when Gson gives none. */
    public static String describe(RuntimeException parseError) {
        String message = parseError.getMessage() == null ? "" : parseError.getMessage();
        Matcher m = PLACE.matcher(message);
        return m.find() ? "not valid JSON (line " + m.group(1) + ", column " + m.group(2) + ")" : "not valid JSON";
    }
}
