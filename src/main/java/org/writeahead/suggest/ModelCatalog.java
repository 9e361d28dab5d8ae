package org.writeahead.suggest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.writeahead.hub.HubCache;
import org.writeahead.hub.HubSettings;

/**
 * The models the Model menu offers, with their labels, and where each is on disk, if anywhere.
 * The lookup itself is the engine's {@link org.writeahead.engine.ModelCatalog} (the same one the
 * command line's {@code --model NAME} uses): a folder in WriteAhead's {@code models/}, or a
 * complete snapshot in the Hugging Face cache that Python's transformers shares.
 */
public final class ModelCatalog {

    /** A model the menu names. */
    public record Entry(String name, String label) {}

    public static final List<Entry> KNOWN = List.of(
            new Entry(org.writeahead.engine.ModelCatalog.BUNDLED, "WriteAhead books (bundled)"),
            new Entry("distilgpt2", "DistilGPT-2 (82M)"),
            new Entry("gpt2", "GPT-2 small (124M)"),
            new Entry("gpt2-medium", "GPT-2 medium (355M)"),
            new Entry("gpt2-large", "GPT-2 large (774M)"),
            new Entry("gpt2-xl", "GPT-2 XL (1.6B)"));

    private final org.writeahead.engine.ModelCatalog engine;

    public ModelCatalog(List<Path> modelsFolders, Path hubCache) {
        this.engine = new org.writeahead.engine.ModelCatalog(modelsFolders, new HubCache(hubCache));
    }

    /** models/ as the command line finds it, and the Hugging Face cache these hub settings name (HF_HOME, ...). */
    public static ModelCatalog standard(HubSettings hub) {
        return new ModelCatalog(org.writeahead.engine.ModelCatalog.defaultModelsFolders(), hub.cacheRoot());
    }

    /** The engine's catalog behind this one: the sizes with their download sizes, what is in models/ and the cache. */
    public org.writeahead.engine.ModelCatalog engine() {
        return engine;
    }

    /** Where downloads go and cached models are found. */
    public Path hubCache() {
        return engine.cache().root();
    }

    /** The hub size of that name, with whether it is on disk. */
    public Optional<org.writeahead.engine.ModelCatalog.Entry> size(String name) {
        return org.writeahead.engine.ModelCatalog.size(name).map(engine::hubEntry);
    }

    /** Whether some GPT-2 size is downloaded (in the cache, by WriteAhead or Python). */
    public boolean anyGpt2OnDisk() {
        for (org.writeahead.engine.ModelCatalog.Size s : org.writeahead.engine.ModelCatalog.SIZES) {
            if (engine.hubEntry(s).onDisk()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Other models the menu can offer: GPT-2 folders in models/ besides the bundled one, and
     * other GPT-2 repositories complete in the hub cache (by repository id); readable ones only.
     */
    public List<org.writeahead.engine.ModelCatalog.Entry> others() {
        List<org.writeahead.engine.ModelCatalog.Entry> out = new java.util.ArrayList<>();
        List<String> sizes = org.writeahead.engine.ModelCatalog.SIZES.stream().map(org.writeahead.engine.ModelCatalog.Size::name).toList();
        for (org.writeahead.engine.ModelCatalog.Entry e : engine.list()) {
            boolean bundled = e.kind() == org.writeahead.engine.ModelCatalog.Kind.BUNDLED
                    && e.name().equals(org.writeahead.engine.ModelCatalog.BUNDLED);
            if (!bundled && !sizes.contains(e.name()) && e.config() != null && e.onDisk()) {
                out.add(e);
            }
        }
        return out;
    }

    /** Where the model of that catalog name, or at that folder path, is; empty if not on disk or unusable. */
    public Optional<Path> resolve(String nameOrFolder) {
        Path folder = Path.of(nameOrFolder);
        if (Files.isRegularFile(folder.resolve("config.json"))) {
            // A folder the user chose goes to the loader as it is, so that what is wrong with it
            // (a config that is not GPT-2, a truncated file) is reported by name.
            return Optional.of(folder);
        }
        try {
            return Optional.of(engine.resolve(nameOrFolder).path());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public Optional<Path> find(Entry entry) {
        return resolve(entry.name());
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
}
