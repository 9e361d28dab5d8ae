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
 */
public final class DocumentFiles {

    /** Larger files are refused: the editor keeps the whole text in memory several times over. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    private DocumentFiles() {}

    /** The text of {@code file}; a missing file is an empty new document. */
    public static String open(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        if (Files.isDirectory(file)) {
            throw new TextFiles.NotTextException(file + " is a folder, not a text file");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new TextFiles.NotTextException(file + " is too large to open (over " + MAX_BYTES / (1024 * 1024) + " MB)");
        }
        return TextFiles.read(file);
    }

    /** Saves atomically: a crash mid-save leaves the old file or the new one, never half of it. */
    public static void save(Path file, String text) throws IOException {
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
