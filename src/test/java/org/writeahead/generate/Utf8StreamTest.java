package org.writeahead.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Utf8StreamTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void asciiPassesStraightThrough() {
        Utf8Stream s = new Utf8Stream();
        s.append(utf8("Hello"));
        s.append(utf8(" world"));
        assertEquals("Hello world", s.text());
        assertEquals(0, s.pendingBytes());
    }

    @Test
    void emojiSplitOverTwoTokensAppearsOnlyWhenComplete() {
        byte[] grin = utf8("😀"); // F0 9F 98 80
        Utf8Stream s = new Utf8Stream();
        s.append(utf8("Hi "));
        s.append(Arrays.copyOfRange(grin, 0, 2));
        assertEquals("Hi ", s.text());
        assertEquals(2, s.pendingBytes());
        s.append(Arrays.copyOfRange(grin, 2, 4));
        assertEquals("Hi 😀", s.text());
        assertEquals(0, s.pendingBytes());
    }

    @Test
    void cjkOneByteAtATime() {
        Utf8Stream s = new Utf8Stream();
        StringBuilder seen = new StringBuilder();
        for (byte x : utf8("日本")) { // E6 97 A5, E6 9C AC
            s.append(new byte[] {x});
            seen.append(s.text()).append('|');
        }
        assertEquals("||日|日|日|日本|", seen.toString());
    }

    @Test
    void curlyQuoteSplitAcrossTokens() {
        byte[] q = utf8("’s"); // E2 80 99 73, the way GPT-2 splits it: [E2 80] [99 73]
        Utf8Stream s = new Utf8Stream();
        s.append(utf8("it"));
        s.append(Arrays.copyOfRange(q, 0, 2));
        assertEquals("it", s.text());
        s.append(Arrays.copyOfRange(q, 2, 4));
        assertEquals("it’s", s.text());
    }

    @Test
    void invalidByteIsReplacedAtOnce() {
        Utf8Stream s = new Utf8Stream();
        s.append(bytes('a', 0xFF));
        assertEquals("a\uFFFD", s.text());
        assertEquals(0, s.pendingBytes());
        s.append(bytes(0x80, 'b')); // stray continuation byte
        assertEquals("a\uFFFD\uFFFDb", s.text());
    }

    @Test
    void brokenSequenceIsReplacedWhenTheNextByteCannotContinueIt() {
        Utf8Stream s = new Utf8Stream();
        s.append(bytes(0xE2, 0x80));
        assertEquals(2, s.pendingBytes());
        s.append(utf8("x"));
        assertEquals("\uFFFDx", s.text());
        assertEquals(0, s.pendingBytes());
    }

    @Test
    void finishFlushesIncompleteBytesAsReplacement() {
        Utf8Stream s = new Utf8Stream();
        s.append(utf8("ok"));
        s.append(bytes(0xF0, 0x9F));
        assertEquals("ok", s.text());
        assertEquals("ok\uFFFD", s.finish());
        assertEquals(0, s.pendingBytes());
        s.append(utf8("!"));
        assertEquals("ok\uFFFD!", s.text());
    }

    @Test
    void finishWithNothingPendingChangesNothing() {
        Utf8Stream s = new Utf8Stream();
        s.append(utf8("done"));
        assertEquals("done", s.finish());
    }

    @Test
    void copyIsIndependentIncludingPendingBytes() {
        byte[] grin = utf8("😀");
        Utf8Stream a = new Utf8Stream();
        a.append(Arrays.copyOfRange(grin, 0, 3));
        Utf8Stream b = a.copy();
        a.append(Arrays.copyOfRange(grin, 3, 4));
        b.append(utf8("z"));
        assertEquals("😀", a.text());
        assertEquals("\uFFFDz", b.text());
    }
}
