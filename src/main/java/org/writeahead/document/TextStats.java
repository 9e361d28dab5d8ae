package org.writeahead.document;

/** Words and characters of a text, as the status bar shows them. */
public record TextStats(int words, int characters) {

    /** Words are runs of non-whitespace; characters are code points (an emoji counts once). */
    public static TextStats of(CharSequence text) {
        int words = 0;
        int chars = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isLowSurrogate(c)) {
                chars++;
            }
            boolean space = Character.isWhitespace(c);
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return new TextStats(words, chars);
    }
}
