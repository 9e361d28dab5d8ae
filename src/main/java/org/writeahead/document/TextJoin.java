package org.writeahead.document;

/**
 * How a suggestion meets the text around the caret. The engine's token healing already makes a
 * suggestion continue the text before the caret correctly (no space after a space, none inside a
 * word); these rules are the guard around it and the seam with the text after the caret, so that
 * what the list shows is exactly what lands in the document.
 */
public final class TextJoin {

    private TextJoin() {}

    /**
     * The text to insert between {@code before} and {@code after} for a suggestion.
     *
     * @param before the text before the caret (its last character is what matters)
     * @param suggestion what the model wrote after {@code before}
     * @param after the text after the caret (its first character is what matters)
     */
    public static String join(String before, String suggestion, String after) {
        String s = suggestion;
        if (before.isEmpty() || endsWithWhitespace(before)) {
            s = stripLeadingBlanks(s);
        }
        if (!after.isEmpty()) {
            char next = after.charAt(0);
            if (Character.isWhitespace(next) || isClosingPunctuation(next)) {
                s = stripTrailingBlanks(s);
            } else if (Character.isLetterOrDigit(next) && !s.isEmpty() && !Character.isWhitespace(s.charAt(s.length() - 1))) {
                s = s + " ";
            }
        }
        return s;
    }

    /**
     * The next word of {@code text} with the blanks before it: " the street" gives " the".
     * Line breaks before the word are kept with it; an all-blank text is returned whole.
     */
    public static String nextWord(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return text.substring(0, i);
    }

    private static boolean endsWithWhitespace(String text) {
        return Character.isWhitespace(text.charAt(text.length() - 1));
    }

    private static boolean isClosingPunctuation(char c) {
        return ".,;:!?)]}»”’".indexOf(c) >= 0;
    }

    private static String stripLeadingBlanks(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return s.substring(i);
    }

    private static String stripTrailingBlanks(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }
}
