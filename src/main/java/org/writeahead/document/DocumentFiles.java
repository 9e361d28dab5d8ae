package org.writeahead.document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.writeahead.io.AtomicFiles;
import org.writeahead.io.TextFiles;

/**
 * Opening and saving documents: strict UTF-8 in (another encoding or a binary is refused with a
 * one-line message), atomic UTF-8 out (temp file in the same folder, forced to disk, renamed).
 * The editor works with "\n" line breaks; a file's CRLF line breaks and byte-order mark are
 * remembered ({@link Format}) and written back, so saving changes only what was edited.
 */
public final class DocumentFiles {

    /** Larger files are refused: the editor keeps the whole text in memory several times over. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    private DocumentFiles() {}

    /**
     * How a file was written.
     *
     * @param byteOrderMark it starts with UTF-8's byte-order mark
     * @param crlf its line breaks are CRLF (judged by its first line break)
     */
    public record Format(boolean byteOrderMark, boolean crlf) {
        /** A new document: no mark, "\n" line breaks. */
        public static final Format PLAIN = new Format(false, false);

        static Format of(byte[] bytes) {
            boolean bom = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    return new Format(bom, i > 0 && bytes[i - 1] == '\r');
                }
            }
            return new Format(bom, false);
        }
    }

    /** A file's text with "\n" line breaks, and how to write it back. */
    public record Opened(String text, Format format) {}

    /** The text of {@code file}; a missing file is an empty new document. */
    public static Opened open(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new Opened("", Format.PLAIN);
        }
        if (Files.isDirectory(file)) {
            throw new TextFiles.NotTextException(file + " is a folder, not a text file");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new TextFiles.NotTextException(file + " is too large to open (over " + MAX_BYTES / (1024 * 1024) + " MB)");
        }
        byte[] bytes = TextFiles.readBytes(file);
        Format format = Format.of(bytes);
        String text = TextFiles.decode(bytes, file.toString());
        return new Opened(format.crlf() ? text.replace("\r\n", "\n") : text, format);
    }

    /**
     * Saves atomically: a crash mid-save leaves the old file or the new one, never half of it.
     * {@code text} has "\n" line breaks; {@code format} says how the file is to have them.
     */
    public static void save(Path file, String text, Format format) throws IOException {
        byte[] body = (format.crlf() ? text.replace("\n", "\r\n") : text).getBytes(StandardCharsets.UTF_8);
        if (!format.byteOrderMark()) {
            AtomicFiles.write(file, body);
            return;
        }
        byte[] withMark = new byte[body.length + 3];
        withMark[0] = (byte) 0xEF;
        withMark[1] = (byte) 0xBB;
        withMark[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withMark, 3, body.length);
        AtomicFiles.write(file, withMark);
    }
}
