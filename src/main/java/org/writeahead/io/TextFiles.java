package org.writeahead.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads text strictly as UTF-8: a file in another encoding, or a binary one, is refused with a
 * message rather than shown as mojibake (Files.readString would silently accept some of them).
 */
public final class TextFiles {

    private TextFiles() {}

    /** Thrown with a one-line message meant for the user. */
    public static final class NotTextException extends IOException {
        public NotTextException(String message) {
            super(message);
        }
    }

    public static String read(Path file) throws IOException {
        return decode(readBytes(file), file.toString());
    }

    /** The file's bytes; a missing or unreadable file is a one-line {@link NotTextException}. */
    public static byte[] readBytes(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NotTextException(file + ": no such file");
        } catch (IOException e) {
            throw new NotTextException(file + ": cannot be read (" + e.getMessage() + ")");
        } catch (OutOfMemoryError e) {
            throw new NotTextException(file + ": too large to open");
        }
    }

    public static String read(InputStream in, String source) throws IOException {
        return decode(in.readAllBytes(), source);
    }

    /** Decodes UTF-8 (a leading byte-order mark is dropped); refuses other encodings and binaries. */
    public static String decode(byte[] bytes, String source) throws NotTextException {
        int offset = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NotTextException(source + " is not UTF-8 text (it may be in another encoding, or not text at all)");
        }
        if (text.indexOf('\0') >= 0) {
            throw new NotTextException(source + " looks like a binary file, not text");
        }
        return text;
    }
}
