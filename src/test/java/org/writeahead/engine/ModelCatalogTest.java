package org.writeahead.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.writeahead.generate.SamplingParams;
import org.writeahead.generate.StopAt;
import org.writeahead.hub.DownloadCancellation;
import org.writeahead.hub.DownloadListener;
import org.writeahead.hub.FakeHub;
import org.writeahead.hub.HubCache;
import org.writeahead.hub.HubDownloader;
import org.writeahead.hub.HubSettings;
import org.writeahead.hub.RepoId;
import org.writeahead.testing.Fixtures;

class ModelCatalogTest {

    static CompletionRequest greedy() {
        return new CompletionRequest("Hello, my dog is cute", 1, 5, new SamplingParams(1.0, 0, 1.0, 1.0, true), 1, null, StopAt.NONE, true);
    }

    @Test
    void theCatalogListsEverySizeAndTheBundledModels(@TempDir Path dir) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Path bundled = Files.createDirectories(models.resolve("writeahead-books"));
        for (String f : new String[] {"config.json", "tokenizer.json", "model.safetensors"}) {
            Files.copy(Fixtures.TINY_GPT2.resolve(f), bundled.resolve(f));
        }
        Files.createDirectories(models.resolve("not-a-model"));
        ModelCatalog catalog = new ModelCatalog(List.of(models), new HubCache(dir.resolve("empty-cache")));
        List<ModelCatalog.Entry> entries = catalog.list();
        assertEquals(List.of("distilgpt2", "gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl", "writeahead-books"),
                entries.stream().map(ModelCatalog.Entry::name).toList());
        ModelCatalog.Entry gpt2 = entries.get(1);
        assertEquals(124_439_808L, gpt2.parameters(), "as Hugging Face counts gpt2");
        assertEquals(548_105_171L, gpt2.downloadBytes() - 1_400_000, 100_000, "the hub's model.safetensors, plus the tokenizer");
        assertEquals(1_557_611_200L, entries.get(4).parameters());
        assertFalse(gpt2.onDisk());
        assertTrue(entries.get(5).onDisk());
        assertEquals(ModelCatalog.Kind.BUNDLED, entries.get(5).kind());
        assertEquals(bundled, catalog.resolve(null).path(), "the bundled model is the default");
        assertEquals(bundled, catalog.resolve("writeahead-books").path());

        ModelCatalog.UnavailableException notDownloaded = assertThrows(ModelCatalog.UnavailableException.class,
                () -> catalog.resolve("gpt2"));
        assertTrue(notDownloaded.getMessage().startsWith("gpt2 is not downloaded yet: run `writeahead download gpt2` (about 549 MB"),
                notDownloaded.getMessage());
        for (String bad : new String[] {"../etc", "gpt2/../../x", "no such"}) {
            assertThrows(ModelCatalog.UnavailableException.class, () -> catalog.resolve(bad), bad);
        }
    }

    @Test
    void aCacheLaidOutByPythonIsFoundAndLoads(@TempDir Path dir) throws Exception {
        Path snapshot = Fixtures.pythonHubCache(dir.resolve("hub"));
        ModelCatalog catalog = new ModelCatalog(List.of(), new HubCache(dir.resolve("hub")));
        ModelCatalog.Entry gpt2 = catalog.resolve("gpt2");
        assertEquals(snapshot, gpt2.path());
        assertTrue(catalog.list().get(1).onDisk());
        assertEquals(snapshot, catalog.resolve(null).path(), "no bundled model: the smallest downloaded GPT-2");
        try (CompletionEngine engine = CompletionEngine.load(gpt2.path(), DeviceChoice.CPU)) {
            assertEquals(5, engine.complete(greedy()).suggestions().get(0).tokenIds().length);
        }
    }

    @Test
    void aDownloadedModelLoadsInTheEngineByItsCatalogName(@TempDir Path dir) throws Exception {
        try (FakeHub hub = new FakeHub().serve("openai-community/gpt2", Fixtures.TINY_GPT2, "expected.json")) {
            HubSettings settings = HubSettings.from(Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HUB_CACHE", dir.toString()),
                    new Properties());
            Path snapshot = new HubDownloader(settings, 0, Duration.ZERO).download(RepoId.parse("openai-community/gpt2"),
                    DownloadListener.NONE, new DownloadCancellation());
            ModelCatalog catalog = new ModelCatalog(List.of(), new HubCache(dir));
            ModelCatalog.Entry gpt2 = catalog.resolve("gpt2");
            assertEquals(snapshot, gpt2.path());
            assertEquals(gpt2.path(), catalog.resolve("openai-community/gpt2").path(), "by repository id too");
            try (CompletionEngine engine = CompletionEngine.load(gpt2.path(), DeviceChoice.CPU)) {
                Completion c = engine.complete(greedy());
                int[] expected = java.util.Arrays.copyOf(Fixtures.cases().get(0).greedyIds(), 5);
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected, c.suggestions().get(0).tokenIds());
            }
        }
    }
}
