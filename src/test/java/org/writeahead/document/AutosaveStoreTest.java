package org.writeahead.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutosaveStoreTest {

    @TempDir
    Path dir;

    @Test
    void aSlotOfThisRunningProcessIsNotALeftover() throws IOException {
        AutosaveStore store = new AutosaveStore(dir);
        store.write("mine", "typing", null);
        assertTrue(Files.isRegularFile(dir.resolve("mine.txt")));
        assertEquals(List.of(), store.leftovers());
    }

    @Test
    void aSlotOfADeadProcessIsOfferedWithItsTextAndFile() throws IOException, InterruptedException {
        AutosaveStore store = new AutosaveStore(dir);
        Path file = dir.resolve("story.txt");
        store.write("dead", "The old house 😀", file);
        // Pretend the writer was killed: a pid that is not running.
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path meta = dir.resolve("dead.json");
        String json = Files.readString(meta).replaceAll("\"pid\":\\d+", "\"pid\":" + p.pid());
        Files.writeString(meta, json, StandardCharsets.UTF_8);

        List<AutosaveStore.Leftover> leftovers = store.leftovers();
        assertEquals(1, leftovers.size());
        AutosaveStore.Leftover l = leftovers.get(0);
        assertEquals("dead", l.id());
        assertEquals(file.toAbsolutePath(), l.file());
        assertEquals("The old house 😀".length(), l.characters());
        assertEquals("The old house 😀", store.readText("dead"));

        store.discard("dead");
        assertEquals(List.of(), store.leftovers());
        assertFalse(Files.exists(dir.resolve("dead.txt")));
    }

    @Test
    void aReusedPidWithAnotherStartTimeIsStillALeftover() throws IOException {
        AutosaveStore store = new AutosaveStore(dir);
        store.write("old", "text", null);
        Path meta = dir.resolve("old.json");
        String json = Files.readString(meta).replaceAll("\"processStart\":\"[^\"]*\"", "\"processStart\":\"2001-01-01T00:00:00Z\"");
        Files.writeString(meta, json);
        List<AutosaveStore.Leftover> leftovers = store.leftovers();
        assertEquals(1, leftovers.size());
        assertNull(leftovers.get(0).file());
    }

    @Test
    void aTextWithoutItsNoteOrACorruptNoteIsIgnored() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("half.txt"), "text but no note");
        Files.writeString(dir.resolve("bad.txt"), "text");
        Files.writeString(dir.resolve("bad.json"), "{not json");
        assertEquals(List.of(), new AutosaveStore(dir).leftovers());
        assertEquals(List.of(), new AutosaveStore(dir.resolve("missing")).leftovers());
    }
}
