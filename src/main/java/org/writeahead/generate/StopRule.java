package org.writeahead.generate;

import java.util.Locale;
import java.util.Set;

/**
 * Decides where a streamed suggestion should be cut so that it ends at a sentence or
 * paragraph boundary rather than mid-word at the token limit.
 *
 * <p>The rules are heuristics chosen to be predictable, not a full sentence segmenter:
 *
 * <ul>
 *   <li>Leading whitespace is skipped: a boundary only counts after the first non-whitespace
 *       character, so a continuation that starts with "\n\n" is not cut to nothing.
 *   <li>SENTENCE ends after a run of '.', '!', '?' or '…', plus any closing quotes or brackets
 *       (” ’ " ' ) ]), when whitespace follows. The cut is after the punctuation and closers;
 *       the whitespace is not included. It is not a sentence end:
 *       <ul>
 *         <li>after a common abbreviation (Mr. Mrs. Ms. Dr. Prof. St. Sr. Jr. vs.), a
 *             dotted abbreviation (e.g. i.e. U.S.) or a single capital initial (J.);
 *         <li>after a number that opens the text or a line ("1. First"), a list marker;
 *         <li>when the punctuation is followed by a closing quote or bracket, or is an ellipsis,
 *             and the next word starts with a lowercase letter: {@code He said "Stop!" and}
 *             continues the sentence, as does {@code Well... maybe};
 *         <li>inside a number such as 3.14, since no whitespace follows the '.'.
 *       </ul>
 *       A newline also ends a sentence (cut before it, trailing spaces excluded).
 *   <li>PARAGRAPH ends at the first blank line: a newline, optional spaces, tabs or carriage
 *       returns, and another newline. The cut is before it, trailing whitespace excluded.
 * </ul>
 *
 * <p>Because text arrives token by token, a possible boundary that cannot be judged yet (text
 * ends right after "home." or after {@code "Stop!" }) gives -1: ask again when more arrives.
 */
public final class StopRule {
    private static final Set<String> ABBREVIATIONS =
            Set.of("mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "vs");

    private StopRule() {}

    /**
     * Index in {@code generated} at which to cut it, or -1 if no boundary has been reached yet.
     *
     * @param promptEndsMidSentence accepted for callers that know it; the rules above do not
     *     need it, since the first boundary in the continuation is the right place to stop
     *     whether it ends the prompt's sentence or a new one
     */
    public static int cutIndex(String generated, StopAt stopAt, boolean promptEndsMidSentence) {
        if (generated == null || stopAt == null) {
            throw new IllegalArgumentException("generated text and stop mode must not be null");
        }
        int start = 0;
        while (start < generated.length() && Character.isWhitespace(generated.charAt(start))) {
            start++;
        }
        if (start == generated.length()) {
            return -1;
        }
        switch (stopAt) {
            case SENTENCE:
                return sentenceCut(generated, start);
            case PARAGRAPH:
                return paragraphCut(generated, start);
            default:
                return -1;
        }
    }

    private static int paragraphCut(String s, int start) {
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                int j = skipInlineSpace(s, i + 1);
                if (j < s.length() && s.charAt(j) == '\n') {
                    return trimEnd(s, start, i);
                }
            }
        }
        return -1;
    }

    private static int sentenceCut(String s, int start) {
        int len = s.length();
        for (int i = start; i < len; i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                return trimEnd(s, start, i);
            }
            if (!isTerminal(c)) {
                continue;
            }
            int punctEnd = i;
            while (punctEnd < len && isTerminal(s.charAt(punctEnd))) {
                punctEnd++;
            }
            int end = punctEnd;
            while (end < len && isCloser(s.charAt(end))) {
                end++;
            }
            if (end == len) {
                return -1; // "3." may become "3.14": wait for the next character
            }
            if (!Character.isWhitespace(s.charAt(end))) {
                i = end - 1; // "3.14", "e.g": punctuation inside a word
                continue;
            }
            String run = s.substring(i, punctEnd);
            if (run.equals(".") && end == punctEnd && (isAbbreviation(s, i) || isListMarker(s, start, i))) {
                i = end - 1;
                continue;
            }
            boolean mayContinue = end > punctEnd || run.contains("…") || run.contains("..");
            if (mayContinue) {
                int next = skipInlineSpace(s, end);
                if (next == len) {
                    return -1; // cannot tell yet whether a lowercase word follows
                }
                if (Character.isLowerCase(s.codePointAt(next))) {
                    i = end - 1;
                    continue;
                }
            }
            return end;
        }
        return -1;
    }

    /** The word before the '.' at {@code dot}, letters and inner dots, is a known abbreviation. */
    private static boolean isAbbreviation(String s, int dot) {
        int w = dot;
        while (w > 0 && (Character.isLetter(s.charAt(w - 1)) || s.charAt(w - 1) == '.')) {
            w--;
        }
        String word = s.substring(w, dot);
        if (word.isEmpty() || (w > 0 && Character.isLetterOrDigit(s.charAt(w - 1)))) {
            return false;
        }
        if (word.length() == 1) {
            return Character.isUpperCase(word.charAt(0)); // an initial, as in "J. R. R. Tolkien"
        }
        if (word.matches("\\p{L}(\\.\\p{L})+")) {
            return true; // e.g, i.e, U.S
        }
        return ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
    }

    /** Digits alone at the start of the text or of a line, as in "1. First". */
    private static boolean isListMarker(String s, int start, int dot) {
        int d = dot;
        while (d > start && Character.isDigit(s.charAt(d - 1))) {
            d--;
        }
        return d < dot && (d == start || s.charAt(d - 1) == '\n');
    }

    private static boolean isTerminal(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…';
    }

    private static boolean isCloser(char c) {
        return c == '”' || c == '’' || c == '"' || c == '\'' || c == ')' || c == ']';
    }

    /** Skips spaces, tabs and carriage returns, but not newlines. */
    private static int skipInlineSpace(String s, int i) {
        while (i < s.length() && s.charAt(i) != '\n' && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int trimEnd(String s, int start, int end) {
        while (end > start && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return end;
    }
}
