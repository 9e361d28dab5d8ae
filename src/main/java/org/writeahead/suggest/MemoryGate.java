package org.writeahead.suggest;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.writeahead.engine.MemoryFit;
import org.writeahead.model.Gpt2Config;
import org.writeahead.weights.CheckpointException;

/**
 * The editor's memory check before a model is downloaded or loaded ({@link MemoryFit} against
 * the memory the supplier reports: the machine's in the editor, a fixed figure in tests). Call
 * it off the UI thread: the probe reads /proc.
 */
public final class MemoryGate {

    private final Supplier<MemoryFit.Available> memory;

    public MemoryGate(Supplier<MemoryFit.Available> memory) {
        this.memory = memory;
    }

    /** For a model of this shape generating {@code suggestions} rows. */
    public MemoryFit.Check check(String name, Gpt2Config config, int suggestions) {
        return MemoryFit.check(name, MemoryFit.estimate(config, suggestions), memory.get(),
                org.writeahead.engine.ModelCatalog.SIZES, suggestions);
    }

    /** For the model in {@code folder}; null when its config.json cannot be read (the loader then says why). */
    public MemoryFit.Check check(String name, Path folder, int suggestions) {
        Gpt2Config config;
        try {
            config = Gpt2Config.read(folder.resolve("config.json"));
        } catch (CheckpointException | RuntimeException e) {
            return null;
        }
        return check(name, config, suggestions);
    }
}
