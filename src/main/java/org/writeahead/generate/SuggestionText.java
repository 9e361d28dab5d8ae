package org.writeahead.generate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Small text chores on finished suggestions before they are shown. */
public final class SuggestionText {
    private SuggestionText() {}

    /**
     * Drops blank suggestions and repeats, keeping the first occurrence and the original order.
     * Suggestions that differ only in trailing whitespace look identical in the editor, so they
     * count as repeats; the first one is kept as it was.
     */
    public static List<String> dedupe(List<String> texts) {
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String t : texts) {
            if (t != null && !t.isBlank() && seen.add(t.stripTrailing())) {
                out.add(t);
            }
        }
        return out;
    }
}
