package org.writeahead.cli;

import java.nio.file.Path;

/**
 * Turns {@code --model NAME|DIR} into a model folder through the engine's {@link
 * org.writeahead.engine.ModelCatalog}: a folder path as given, a folder of that name in
 * WriteAhead's {@code models/}, a downloaded GPT-2 size ({@code gpt2}, ...) or hub repository;
 * without {@code --model}, the bundled model.
 */
final class ModelLocator {

    private ModelLocator() {}

    static Path locate(Cli.Context context, String nameOrDir) {
        return context.catalog().resolve(nameOrDir).path();
    }
}
