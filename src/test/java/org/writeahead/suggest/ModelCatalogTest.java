package org.writeahead.suggest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.writeahead.testing.Fixtures;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {

    @TempDir
    Path dir;

    private static Path model(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String f : new String[] {"config.json", "tokenizer.json", "model.safetensors"}) {
            Files.copy(Fixtures.TINY_GPT2.resolve(f), folder.resolve(f));
        }
        return folder;
    }

    @Test
    void findsModelsInModelsFoldersAndTheHuggingFaceCache() throws IOException {
        Path models = dir.resolve("models");
        Path bundled = model(models.resolve(org.writeahead.engine.ModelCatalog.BUNDLED));
        Path hub = dir.resolve("hub");
        Path gpt2 = model(hub.resolve("models--openai-community--gpt2/snapshots/0123456789abcdef0123456789abcdef01234567"));
        ModelCatalog catalog = new ModelCatalog(List.of(models), hub);
        assertEquals(Optional.of(bundled), catalog.resolve(org.writeahead.engine.ModelCatalog.BUNDLED));
        assertEquals(Optional.of(gpt2), catalog.resolve("gpt2"));
        assertEquals(Optional.empty(), catalog.resolve("gpt2-xl"));
        assertEquals(Optional.of(bundled), catalog.resolve(bundled.toString()));
        assertTrue(catalog.resolve(dir.resolve("nothing").toString()).isEmpty());
    }

    @Test
    void namesTheSizes() {
        assertEquals(List.of(org.writeahead.engine.ModelCatalog.BUNDLED, "distilgpt2", "gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl"),
                ModelCatalog.KNOWN.stream().map(ModelCatalog.Entry::name).toList());
        assertEquals("GPT-2 medium (355M)", ModelCatalog.label("gpt2-medium"));
        assertEquals("my-model", ModelCatalog.label("/somewhere/my-model"));
    }
}
