package org.writeahead.suggest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.writeahead.engine.ModelLocator;

/**
 * The models the Model menu offers and where each is on disk, if anywhere: a folder of that name
 * in WriteAhead's {@code models/} (the same lookup as the command line's {@code --model NAME}), or
 * a snapshot in the Hugging Face cache that Python's transformers fills.
 */
public final class ModelCatalog {

    /** A model the menu names; {@code hubIds} are its names on the Hugging Face hub. */
    public record Entry(String name, String label, List<String> hubIds) {}

    public static final List<Entry> KNOWN = List.of(
            new Entry(ModelLocator.BUNDLED, "WriteAhead books (bundled)", List.of()),
            new Entry("distilgpt2", "DistilGPT-2 (82M)", List.of("distilbert/distilgpt2", "distilgpt2")),
            new Entry("gpt2", "GPT-2 small (124M)", List.of("openai-community/gpt2", "gpt2")),
            new Entry("gpt2-medium", "GPT-2 medium (355M)", List.of("openai-community/gpt2-medium", "gpt2-medium")),
            new Entry("gpt2-large", "GPT-2 large (774M)", List.of("openai-community/gpt2-large", "gpt2-large")),
            new Entry("gpt2-xl", "GPT-2 XL (1.5B)", List.of("openai-community/gpt2-xl", "gpt2-xl")));

    private final List<Path> modelsFolders;
    private final Path hubCache;

    public ModelCatalog(List<Path> modelsFolders, Path hubCache) {
        this.modelsFolders = List.copyOf(modelsFolders);
        this.hubCache = hubCache;
    }

    /** models/ as the command line finds it, and the Hugging Face cache of this user. */
    public static ModelCatalog standard() {
        return new ModelCatalog(ModelLocator.modelsFolders(), defaultHubCache());
    }

    /** Where the model of that catalog name, or at that folder path, is; empty if not on disk. */
    public Optional<Path> resolve(String nameOrFolder) {
        for (Entry e : KNOWN) {
            if (e.name().equals(nameOrFolder)) {
                return find(e);
            }
        }
        Path folder = Path.of(nameOrFolder);
        return isModel(folder) ? Optional.of(folder) : Optional.empty();
    }

    public Optional<Path> find(Entry entry) {
        for (Path root : modelsFolders) {
            Path candidate = root.resolve(entry.name());
            if (isModel(candidate)) {
                return Optional.of(candidate);
            }
        }
        if (hubCache != null) {
            for (String id : entry.hubIds()) {
                Path snapshots = hubCache.resolve("models--" + id.replace("/", "--")).resolve("snapshots");
                if (!Files.isDirectory(snapshots)) {
                    continue;
                }
                try (DirectoryStream<Path> stream = Files.newDirectoryStream(snapshots, Files::isDirectory)) {
                    for (Path snapshot : stream) {
                        if (isModel(snapshot) && (Files.exists(snapshot.resolve("model.safetensors"))
                                || Files.exists(snapshot.resolve("model.safetensors.index.json")))) {
                            return Optional.of(snapshot);
                        }
                    }
                } catch (IOException e) {
                    // An unreadable cache is a model not on disk.
                }
            }
        }
        return Optional.empty();
    }

    /** The menu label, e.g. "GPT-2 small (124M)", or the folder's name for a folder. */
    public static String label(String nameOrFolder) {
        for (Entry e : KNOWN) {
            if (e.name().equals(nameOrFolder)) {
                return e.label();
            }
        }
        Path name = Path.of(nameOrFolder).getFileName();
        return name == null ? nameOrFolder : name.toString();
    }

    private static boolean isModel(Path folder) {
        return Files.isRegularFile(folder.resolve("config.json")) && Files.isRegularFile(folder.resolve("tokenizer.json"));
    }

    private static Path defaultHubCache() {
        String hub = System.getenv("HF_HUB_CACHE");
        if (hub != null && !hub.isBlank()) {
            return Path.of(hub);
        }
        String home = System.getenv("HF_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "hub");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub");
    }
}
