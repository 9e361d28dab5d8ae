package org.writeahead.engine;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code --model NAME|DIR} into a model folder: a folder path as given, or a folder of that
 * name under WriteAhead's {@code models/}; without {@code --model}, the bundled model there.
 * Shared by the command line and the editor; a miss is a {@link ModelNotFoundException} whose
 * message is meant for the user.
 */
public final class ModelLocator {

    /** The folder name of the model that ships with WriteAhead. */
    public static final String BUNDLED = "writeahead-books";

    private ModelLocator() {}

    public static Path locate(String nameOrDir) {
        if (nameOrDir != null) {
            Path asGiven = Path.of(nameOrDir);
            if (Files.isDirectory(asGiven)) {
                return requireModel(asGiven);
            }
            if (nameOrDir.contains("/") || nameOrDir.contains("\\") || nameOrDir.contains("..")) {
                throw new ModelNotFoundException("no model folder at " + nameOrDir);
            }
            for (Path models : modelsFolders()) {
                Path candidate = models.resolve(nameOrDir);
                if (Files.isDirectory(candidate)) {
                    return requireModel(candidate);
                }
            }
            throw new ModelNotFoundException("no model named \"" + nameOrDir + "\": give a GPT-2 folder (config.json, tokenizer.json, "
                    + "model.safetensors) or one of: " + String.join(", ", available()));
        }
        for (Path models : modelsFolders()) {
            for (Path candidate : children(models)) {
                if (Files.isRegularFile(candidate.resolve("config.json"))) {
                    return candidate;
                }
            }
        }
        throw new ModelNotFoundException("no model given and none found in models/: pass --model DIR with a GPT-2 folder");
    }

    private static Path requireModel(Path folder) {
        if (!Files.isRegularFile(folder.resolve("config.json"))) {
            throw new ModelNotFoundException(folder + " is not a model folder (it has no config.json)");
        }
        return folder;
    }

    private static List<String> available() {
        List<String> names = new ArrayList<>();
        for (Path models : modelsFolders()) {
            for (Path child : children(models)) {
                if (Files.isRegularFile(child.resolve("config.json"))) {
                    names.add(child.getFileName().toString());
                }
            }
        }
        return names.isEmpty() ? List.of("(none in models/)") : names;
    }

    /** models/ in the working directory and next to the installation (target/../models). */
    public static List<Path> modelsFolders() {
        List<Path> folders = new ArrayList<>();
        folders.add(Path.of("models").toAbsolutePath().normalize());
        try {
            Path jar = Path.of(ModelLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path install = jar.getParent() == null ? null : jar.getParent().getParent();
            if (install != null) {
                Path models = install.resolve("models").toAbsolutePath().normalize();
                if (!folders.contains(models)) {
                    folders.add(models);
                }
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // Running from an unusual class path: the working directory's models/ is enough.
        }
        folders.removeIf(f -> !Files.isDirectory(f));
        return folders;
    }

    private static List<Path> children(Path folder) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, Files::isDirectory)) {
            stream.forEach(out::add);
        } catch (IOException e) {
            return out;
        }
        out.sort(null);
        return out;
    }
}
