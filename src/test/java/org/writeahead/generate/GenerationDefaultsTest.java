package org.writeahead.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.writeahead.weights.CheckpointException;

class GenerationDefaultsTest {

    @Test
    void aFolderWithoutTheFileGetsTheBuiltInDefaults(@TempDir Path dir) throws Exception {
        assertEquals(SamplingParams.defaults(), GenerationDefaults.read(dir));
    }

    @Test
    void givenFieldsOverrideTheDefaultsAndTheOthersStay(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("generation_config.json"), "{\"temperature\": 0.7, \"repetition_penalty\": 1.2, \"do_sample\": false, \"eos_token_id\": 50256}");
        SamplingParams p = GenerationDefaults.read(dir);
        assertEquals(new SamplingParams(0.7, 0, 0.9, 1.2, false), p);
    }

    @Test
    void badFilesGetOneLineNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("generation_config.json");
        Files.writeString(file, "{\"temperature\": -3}");
        CheckpointException e = assertThrows(CheckpointException.class, () -> GenerationDefaults.read(dir));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("temperature"), e.getMessage());
        Files.writeString(file, "{\"top_p\": \"high\"}");
        e = assertThrows(CheckpointException.class, () -> GenerationDefaults.read(dir));
        assertTrue(e.getMessage().contains("top_p must be a number"), e.getMessage());
        Files.writeString(file, "not json");
        e = assertThrows(CheckpointException.class, () -> GenerationDefaults.read(dir));
        assertTrue(e.getMessage().endsWith(": not valid JSON (line 1, column 6)"), e.getMessage());
    }
}
