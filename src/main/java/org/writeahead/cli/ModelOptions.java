package org.writeahead.cli;

import org.writeahead.engine.CompletionEngine;
import org.writeahead.engine.DeviceChoice;
import org.writeahead.engine.MemoryFit;
import org.writeahead.engine.ModelCatalog;
import org.writeahead.weights.CheckpointException;
import picocli.CommandLine.Option;

/** {@code --model}, {@code --device} and the memory check, shared by the commands that load a model. */
final class ModelOptions {

    @Option(names = "--model", paramLabel = "NAME|DIR",
            description = "A GPT-2 folder in Hugging Face layout, a model in models/, or a downloaded size: distilgpt2, gpt2,"
                    + " gpt2-medium, gpt2-large, gpt2-xl (default: the bundled model).")
    String model;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "cpu",
            description = "Where to run the model (default: ${DEFAULT-VALUE}); a GPU that fails falls back to the CPU.")
    String device;

    @Option(names = "--no-memory-check", description = "Load the model even when it seems not to fit in memory.")
    boolean noMemoryCheck;

    private ModelCatalog.Entry entry;

    /** Finds, checks and loads the model: {@link #resolve} then {@link #load(ModelCatalog.Entry)}. */
    CompletionEngine load(Cli.Context context, int suggestions) throws CheckpointException {
        return load(resolve(context, suggestions));
    }

    /**
     * Finds the model and checks that it fits in memory with {@code suggestions} rows, refusing
     * before anything is loaded when it does not and warning when it only just fits.
     */
    ModelCatalog.Entry resolve(Cli.Context context, int suggestions) {
        try {
            entry = context.catalog().resolve(model);
        } catch (ModelCatalog.UnavailableException e) {
            // A size that is not downloaded and would not fit anyway: say the more useful thing.
            ModelCatalog.Size size = model == null ? null : ModelCatalog.size(model).orElse(null);
            if (size != null && !noMemoryCheck) {
                MemoryFit.Check fit = MemoryFit.check(size.name(), MemoryFit.estimate(size.config(), suggestions),
                        context.memory().get(), ModelCatalog.SIZES, suggestions);
                if (fit.refused()) {
                    throw new UsageException(fit.message() + " (and it is not downloaded)");
                }
            }
            throw e;
        }
        if (!noMemoryCheck) {
            MemoryFit.Check fit = MemoryFit.check(entry.name(), MemoryFit.estimate(entry.config(), suggestions),
                    context.memory().get(), ModelCatalog.SIZES, suggestions);
            if (fit.refused()) {
                throw new UsageException(fit.message() + " (--no-memory-check loads it anyway)");
            }
            if (fit.message() != null) {
                System.err.println("writeahead: warning: " + fit.message());
            }
        }
        return entry;
    }

    /** Loads a resolved model; a device fallback is reported on stderr. */
    CompletionEngine load(ModelCatalog.Entry resolved) throws CheckpointException {
        DeviceChoice choice = DeviceChoice.parse(device);
        CompletionEngine engine = CompletionEngine.load(resolved.path(), choice);
        if (engine.deviceNotice() != null) {
            System.err.println("writeahead: " + engine.deviceNotice());
        }
        return engine;
    }

    String name(CompletionEngine engine) {
        if (model != null) {
            return model;
        }
        return entry != null ? entry.name() : engine.folder().getFileName().toString();
    }
}
