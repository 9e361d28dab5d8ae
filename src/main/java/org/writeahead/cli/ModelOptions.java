package org.writeahead.cli;

import java.nio.file.Path;
import org.writeahead.engine.CompletionEngine;
import org.writeahead.engine.DeviceChoice;
import org.writeahead.engine.ModelLocator;
import org.writeahead.weights.CheckpointException;
import picocli.CommandLine.Option;

/** {@code --model} and {@code --device}, shared by the commands that load a model. */
final class ModelOptions {

    @Option(names = "--model", paramLabel = "NAME|DIR",
            description = "A GPT-2 folder in Hugging Face layout, or the name of one in models/ (default: the bundled model).")
    String model;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "cpu",
            description = "Where to run the model (default: ${DEFAULT-VALUE}); a GPU that fails falls back to the CPU.")
    String device;

    /** Loads the engine; a device fallback is reported on stderr. */
    CompletionEngine load() throws CheckpointException {
        DeviceChoice choice = DeviceChoice.parse(device);
        Path folder = ModelLocator.locate(model);
        CompletionEngine engine = CompletionEngine.load(folder, choice);
        if (engine.deviceNotice() != null) {
            System.err.println("writeahead: " + engine.deviceNotice());
        }
        return engine;
    }

    String name(CompletionEngine engine) {
        return model != null ? model : engine.folder().getFileName().toString();
    }
}
