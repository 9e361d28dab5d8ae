package org.writeahead.document;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.writeahead.io.TextFiles;

class DocumentFilesTest {

    @TempDir
    Path dir;

    @Test
    void savesUtf8AndReadsItBack() throws IOException {
        Path file = dir.resolve("notes.md");
        String text = "Ünïcödé — “quotes” 😀\nsecond line\n";
        DocumentFiles.save(file, text, DocumentFiles.Format.PLAIN);
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
        assertEquals(text, DocumentFiles.open(file).text());
    }

    @Test
    void saveReplacesTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("a.txt");
        Files.writeString(file, "old text that is longer than the new one");
        DocumentFiles.save(file, "new", DocumentFiles.Format.PLAIN);
        assertEquals("new", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aFailedSaveLeavesWhatWasThereAndNoTemporaryFile() throws IOException {
        // The target is a non-empty folder: the temp file is written, the rename fails.
        Path blocker = dir.resolve("blocked.txt");
        Files.createDirectories(blocker.resolve("child"));
        assertThrows(IOException.class, () -> DocumentFiles.save(blocker, "new", DocumentFiles.Format.PLAIN));
        assertTrue(Files.isDirectory(blocker.resolve("child")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("blocked.txt"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aMissingFileIsAnEmptyNewDocument() throws IOException {
        assertEquals("", DocumentFiles.open(dir.resolve("new.txt")).text());
    }

    @Test
    void otherEncodingsAndBinariesAreRefusedWithAMessage() throws IOException {
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        TextFiles.NotTextException e = assertThrows(TextFiles.NotTextException.class, () -> DocumentFiles.open(latin1));
        assertTrue(e.getMessage().contains("is not UTF-8 text"), e.getMessage());
        Path binary = dir.resolve("image.png");
        Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
        assertThrows(TextFiles.NotTextException.class, () -> DocumentFiles.open(binary));
        TextFiles.NotTextException folder = assertThrows(TextFiles.NotTextException.class, () -> DocumentFiles.open(dir));
        assertTrue(folder.getMessage().contains("is a folder"));
    }

    @Test
    void crlfLineBreaksAndAByteOrderMarkSurviveOpenAndSave() throws IOException {
        Path file = dir.resolve("windows.txt");
        byte[] original = "\uFEFFFirst line\r\nsecond line\r\n".getBytes(StandardCharsets.UTF_8);
        Files.write(file, original);
        DocumentFiles.Opened opened = DocumentFiles.open(file);
        assertEquals("First line\nsecond line\n", opened.text(), "the editor sees plain line breaks");
        assertEquals(new DocumentFiles.Format(true, true), opened.format());
        DocumentFiles.save(file, opened.text(), opened.format());
        assertArrayEquals(original, Files.readAllBytes(file), "saving unchanged text rewrites the same bytes");
        DocumentFiles.save(file, opened.text() + "third", opened.format());
        assertArrayEquals("\uFEFFFirst line\r\nsecond line\r\nthird".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
    }

    @Test
    void unixFilesStayUnix() throws IOException {
        Path file = dir.resolve("unix.txt");
        Files.write(file, "a\nb\r\n".getBytes(StandardCharsets.UTF_8)); // judged by the first break
        assertEquals(new DocumentFiles.Format(false, false), DocumentFiles.open(file).format());
        assertEquals("a\nb\r\n", DocumentFiles.open(file).text());
    }
}
