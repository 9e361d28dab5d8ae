package org.writeahead.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelMarksTest {

    @TempDir
    Path dir;

    @Test
    void marksComeBackForTheSameText() throws IOException {
        Path file = dir.resolve("story.txt");
        String text = "Mine, then the model's words.";
        List<ModelMarks.Range> ranges = List.of(new ModelMarks.Range(5, 28));
        ModelMarks.save(file, text, ranges);
        assertTrue(Files.isRegularFile(dir.resolve(".story.txt.writeahead-marks.json")));
        assertEquals(ranges, ModelMarks.load(file, text));
    }

    @Test
    void textChangedElsewhereDropsTheMarks() throws IOException {
        Path file = dir.resolve("story.txt");
        ModelMarks.save(file, "Mine, then the model's words.", List.of(new ModelMarks.Range(5, 28)));
        assertEquals(List.of(), ModelMarks.load(file, "Mine, then the model's wordz."));
        assertEquals(List.of(), ModelMarks.load(file, "shorter"));
    }

    @Test
    void noMarksNoSidecarAndACorruptSidecarIsIgnored() throws IOException {
        Path file = dir.resolve("a.md");
        ModelMarks.save(file, "text", List.of(new ModelMarks.Range(0, 2)));
        ModelMarks.save(file, "text", List.of());
        assertFalse(Files.exists(ModelMarks.sidecar(file)));
        Files.writeString(ModelMarks.sidecar(file), "{broken");
        assertEquals(List.of(), ModelMarks.load(file, "text"));
        assertEquals(List.of(), ModelMarks.load(dir.resolve("none.txt"), "text"));
    }
}
