package org.writeahead.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.writeahead.generate.SamplingParams;
import org.writeahead.generate.StopAt;

/** The model that ships in models/ loads and writes. */
class BundledModelTest {

    static final Path BUNDLED = Path.of("models/writeahead-books");

    @Test
    void theBundledModelIsSmallAndComplete() throws Exception {
        long bytes;
        try (var files = Files.list(BUNDLED)) {
            bytes = files.mapToLong(f -> f.toFile().length()).sum();
        }
        assertTrue(bytes < 50L * 1024 * 1024, "the bundled model is " + bytes + " bytes");
        for (String f : new String[] {"config.json", "tokenizer.json", "model.safetensors", "README.md"}) {
            assertTrue(Files.isRegularFile(BUNDLED.resolve(f)), f);
        }
    }

    @Test
    void itReturnsNNonEmptySuggestions() throws Exception {
        try (CompletionEngine engine = CompletionEngine.load(BUNDLED, DeviceChoice.CPU)) {
            CompletionRequest request = new CompletionRequest("She opened the door and", 3, 12, SamplingParams.defaults(), 1,
                    null, StopAt.NONE, false);
            Completion completion = engine.complete(request);
            assertEquals(3, completion.suggestions().size(), completion.suggestions().toString());
            for (Suggestion s : completion.suggestions()) {
                assertFalse(s.text().isBlank());
                assertFalse(s.text().startsWith("  "), "no doubled space: \"" + s.text() + "\"");
            }
        }
    }
}
