package org.writeahead.generate;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns a stream of token bytes into text that never shows half a character.
 *
 * <p>GPT-2 tokens are byte sequences, and one character (an emoji, a CJK ideograph, a curly
 * quote) is often split over two or three tokens. Decoding each token alone would flash
 * U+FFFD in the editor; instead the bytes of an unfinished character wait here until the
 * rest arrives. Bytes that can never become a character (0xFF, a stray continuation byte) are
 * replaced with U+FFFD at once, so nothing is held back forever. Not thread-safe.
 */
public final class Utf8Stream {
    /** Longest UTF-8 sequence; at most this many minus one bytes can be left waiting. */
    private static final int MAX_SEQUENCE = 4;

    private final StringBuilder text;
    private byte[] pending;
    private final CharsetDecoder decoder = newDecoder();

    public Utf8Stream() {
        this(new StringBuilder(), new byte[0]);
    }

    private Utf8Stream(StringBuilder text, byte[] pending) {
        this.text = text;
        this.pending = pending;
    }

    private static CharsetDecoder newDecoder() {
        // The JDK's UTF-8 decoder keeps no state of its own between calls: an incomplete
        // sequence is simply left unread in the input buffer, which is what `pending` holds.
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /** Adds the bytes of one token; complete characters become visible in {@link #text}. */
    public void append(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        byte[] all = Arrays.copyOf(pending, pending.length + bytes.length);
        System.arraycopy(bytes, 0, all, pending.length, bytes.length);
        ByteBuffer in = ByteBuffer.wrap(all);
        decode(in, false);
        pending = Arrays.copyOfRange(all, in.position(), all.length);
        assert pending.length < MAX_SEQUENCE;
    }

    /** Every complete character so far; never ends in a broken character. */
    public String text() {
        return text.toString();
    }

    /** Bytes of an unfinished character, waiting for the next token. */
    public int pendingBytes() {
        return pending.length;
    }

    /**
     * Ends the stream: waiting bytes that never became a character turn into U+FFFD. Returns
     * the full text. The stream may be appended to again afterwards.
     */
    public String finish() {
        ByteBuffer in = ByteBuffer.wrap(pending);
        decode(in, true);
        CharBuffer out = CharBuffer.allocate(MAX_SEQUENCE);
        decoder.flush(out);
        out.flip();
        text.append(out);
        decoder.reset();
        pending = new byte[0];
        return text();
    }

    /** An independent copy, e.g. for a suggestion that forks from a shared prefix. */
    public Utf8Stream copy() {
        return new Utf8Stream(new StringBuilder(text), pending.clone());
    }

    private void decode(ByteBuffer in, boolean endOfInput) {
        // UTF-8 never yields more chars than bytes (a 4-byte sequence is 2 chars, a replaced
        // byte is 1), so this buffer cannot overflow.
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        decoder.decode(in, out, endOfInput);
        out.flip();
        text.append(out);
    }
}
