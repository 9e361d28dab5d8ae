package org.writeahead.generate;

import java.util.Locale;

/** Where a suggestion should end: wherever the length limit falls, or at a natural boundary. */
public enum StopAt {
    NONE,
    SENTENCE,
    PARAGRAPH;

    /** Parses "none", "sentence" or "paragraph", ignoring case and surrounding spaces. */
    public static StopAt parse(String value) {
        if (value != null) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "none":
                    return NONE;
                case "sentence":
                    return SENTENCE;
                case "paragraph":
                    return PARAGRAPH;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(
                "stop must be one of none, sentence, paragraph, got " + (value == null ? "nothing" : "'" + value + "'"));
    }
}
