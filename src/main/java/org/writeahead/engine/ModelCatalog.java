package org.writeahead.engine;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.writeahead.hub.HubCache;
import org.writeahead.hub.HubDownloader;
import org.writeahead.hub.RepoId;
import org.writeahead.model.Gpt2Config;
import org.writeahead.weights.Checkpoint;
import org.writeahead.weights.CheckpointException;

/**
 * Every model WriteAhead knows: the GPT-2 sizes on the Hugging Face hub (on disk once
 * downloaded into the shared hub cache, by WriteAhead or by Python), the bundled model(s) in
 * {@code models/} (any folder there with a config.json), and local folders.
 *
 * <p>For a UI's Model menu: {@link #list()} gives the entries with their sizes and whether they
 * are on disk; {@link #resolve(String)} turns a menu choice (or a {@code --model} value) into a
 * loadable folder, or says what to do; {@link #local(Path)} describes a folder the user opened.
 * Nothing here connects to the network; downloading is {@link HubDownloader}'s job.
 */
public final class ModelCatalog {

    /** A GPT-2 size on the hub. {@code aliases} are older ids Python's transformers may have cached it under. */
    public record Size(String name, String repo, List<String> aliases, int layers, int embd, int heads) {
        public Gpt2Config config() {
            return Gpt2Config.of(layers, embd, heads, 1024);
        }

        public long parameters() {
            return config().parameterCount();
        }

        /**
         * About what the download weighs: float32 weights plus the {@code attn.bias} mask buffers
         * (a 1024×1024 float32 each layer) that the hub's safetensors carry, plus the tokenizer.
         */
        public long downloadBytes() {
            return parameters() * 4 + (long) layers * 1024 * 1024 * 4 + 1_400_000;
        }

        public RepoId repoId() {
            return RepoId.parse(repo);
        }
    }

    /** Smallest first. */
    /** The folder name, in models/, of the model that ships with WriteAhead. */
    public static final String BUNDLED = "writeahead-books";

    public static final List<Size> SIZES = List.of(
            new Size("distilgpt2", "distilbert/distilgpt2", List.of("distilgpt2"), 6, 768, 12),
            new Size("gpt2", "openai-community/gpt2", List.of("gpt2"), 12, 768, 12),
            new Size("gpt2-medium", "openai-community/gpt2-medium", List.of("gpt2-medium"), 24, 1024, 16),
            new Size("gpt2-large", "openai-community/gpt2-large", List.of("gpt2-large"), 36, 1280, 20),
            new Size("gpt2-xl", "openai-community/gpt2-xl", List.of("gpt2-xl"), 48, 1600, 25));

    public enum Kind { HUB, BUNDLED, LOCAL }

    /**
     * One model. {@code path} is the folder to load, null while a hub size is not downloaded;
     * {@code config} is null when the folder's config.json cannot be read ({@code problem} says
     * why); {@code downloadBytes} is 0 for what is not downloaded from the hub.
     */
    public record Entry(String name, Kind kind, String repo, Gpt2Config config, long parameters, long downloadBytes,
            long diskBytes, Path path, String problem) {
        public boolean onDisk() {
            return path != null;
        }

        /** Memory needed to run it with this many suggestions; -1 when the config is unknown. */
        public long memoryBytes(int suggestions) {
            return config == null ? -1 : MemoryFit.estimate(config, suggestions).total();
        }
    }

    /** A model that cannot be used as asked: the message says what to do. */
    public static final class UnavailableException extends IllegalArgumentException {
        public UnavailableException(String message) {
            super(message);
        }
    }

    private final List<Path> modelsFolders;
    private final HubCache cache;

    public ModelCatalog(List<Path> modelsFolders, HubCache cache) {
        this.modelsFolders = List.copyOf(modelsFolders);
        this.cache = cache;
    }

    public HubCache cache() {
        return cache;
    }

    public static Optional<Size> size(String name) {
        return SIZES.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The hub sizes, then the bundled models, then other GPT-2 repositories found in the hub cache. */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (Size s : SIZES) {
            out.add(hubEntry(s));
            known.add(s.repo());
            known.addAll(s.aliases());
        }
        out.addAll(bundled());
        for (RepoId repo : cache.cachedRepos()) {
            if (known.contains(repo.toString())) {
                continue;
            }
            Optional<Path> snapshot = cache.findSnapshot(repo, HubDownloader::isComplete);
            if (snapshot.isPresent()) {
                Entry e = folderEntry(repo.toString(), Kind.HUB, repo.toString(), snapshot.get());
                if (e.config() != null) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** The models in models/, in name order. */
    public List<Entry> bundled() {
        List<Entry> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Path models : modelsFolders) {
            for (Path child : children(models)) {
                String name = child.getFileName().toString();
                if (Files.isRegularFile(child.resolve("config.json")) && !seen.contains(name)) {
                    seen.add(name);
                    out.add(folderEntry(name, Kind.BUNDLED, null, child));
                }
            }
        }
        return out;
    }

    /** A hub size, on disk when some snapshot of its repository (or of an alias) is complete. */
    public Entry hubEntry(Size s) {
        Path path = cachedSnapshot(s).orElse(null);
        Gpt2Config config = s.config();
        if (path != null) {
            // What is on disk is what gets loaded: its own config, should it differ from the catalog's.
            try {
                config = Gpt2Config.read(path.resolve("config.json"));
            } catch (CheckpointException e) {
                return new Entry(s.name(), Kind.HUB, s.repo(), null, s.parameters(), s.downloadBytes(), diskBytes(path), path,
                        e.getMessage());
            }
        }
        return new Entry(s.name(), Kind.HUB, s.repo(), config, config.parameterCount(), s.downloadBytes(),
                path == null ? 0 : diskBytes(path), path, null);
    }

    private Optional<Path> cachedSnapshot(Size s) {
        List<String> ids = new ArrayList<>();
        ids.add(s.repo());
        ids.addAll(s.aliases());
        for (String id : ids) {
            Optional<Path> p = cache.findSnapshot(RepoId.parse(id), HubDownloader::isComplete);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    /** A folder the user opened. */
    public Entry local(Path folder) {
        return folderEntry(folder.getFileName() == null ? folder.toString() : folder.getFileName().toString(), Kind.LOCAL, null,
                folder.toAbsolutePath().normalize());
    }

    /**
     * What {@code --model} means: an existing folder; else a folder of that name in models/;
     * else a catalog size (which must be downloaded); else a hub repository id already in the
     * cache. Without a name: the first bundled model, else the smallest downloaded GPT-2.
     */
    public Entry resolve(String nameOrDir) {
        if (nameOrDir == null) {
            List<Entry> bundled = bundled();
            if (!bundled.isEmpty()) {
                return requireUsable(bundled.get(0));
            }
            for (Size s : SIZES) {
                Entry e = hubEntry(s);
                if (e.onDisk() && e.config() != null) {
                    return e;
                }
            }
            throw new UnavailableException("no model given, none in models/ and no GPT-2 downloaded: pass --model DIR, or run"
                    + " `writeahead download gpt2`");
        }
        Path asGiven = Path.of(nameOrDir);
        if (Files.isDirectory(asGiven)) {
            if (!Files.isRegularFile(asGiven.resolve("config.json"))) {
                throw new UnavailableException(asGiven + " is not a model folder (it has no config.json)");
            }
            return requireUsable(local(asGiven));
        }
        boolean plainName = !nameOrDir.contains("/") && !nameOrDir.contains("\\") && RepoId.isValid(nameOrDir);
        if (plainName) {
            for (Entry e : bundled()) {
                if (e.name().equals(nameOrDir)) {
                    return requireUsable(e);
                }
            }
            Optional<Size> size = size(nameOrDir);
            if (size.isPresent()) {
                Entry e = hubEntry(size.get());
                if (!e.onDisk()) {
                    throw new UnavailableException(nameOrDir + " is not downloaded yet: run `writeahead download " + nameOrDir
                            + "` (about " + MemoryFit.gigabytes(size.get().downloadBytes()) + ", into " + cache.root() + ")");
                }
                return requireUsable(e);
            }
        }
        if (!plainName && nameOrDir.indexOf('/') > 0 && RepoId.isValid(nameOrDir)) {
            RepoId repo = RepoId.parse(nameOrDir);
            Optional<Path> snapshot = cache.findSnapshot(repo, HubDownloader::isComplete);
            if (snapshot.isPresent()) {
                return requireUsable(folderEntry(repo.toString(), Kind.HUB, repo.toString(), snapshot.get()));
            }
            throw new UnavailableException("no model folder at " + nameOrDir + ", and no complete download of the hub"
                    + " repository " + nameOrDir + " in " + cache.root() + " (run `writeahead download " + nameOrDir + "`)");
        }
        if (!plainName) {
            throw new UnavailableException("no model folder at " + nameOrDir);
        }
        List<String> names = new ArrayList<>();
        SIZES.forEach(s -> names.add(s.name()));
        bundled().forEach(e -> names.add(e.name()));
        throw new UnavailableException("no model named \"" + nameOrDir + "\": give a GPT-2 folder (config.json, tokenizer.json,"
                + " model.safetensors) or one of: " + String.join(", ", names));
    }

    private static Entry requireUsable(Entry e) {
        if (e.config() == null) {
            throw new UnavailableException(e.problem());
        }
        return e;
    }

    private static Entry folderEntry(String name, Kind kind, String repo, Path folder) {
        Gpt2Config config = null;
        String problem = null;
        long parameters = -1;
        try {
            config = Gpt2Config.read(folder.resolve("config.json"));
            parameters = config.parameterCount();
        } catch (CheckpointException e) {
            problem = e.getMessage();
        }
        return new Entry(name, kind, repo, config, parameters, 0, diskBytes(folder), folder, problem);
    }

    /** Bytes of the model's files (links followed), 0 when unreadable. */
    static long diskBytes(Path folder) {
        long total = 0;
        for (String f : new String[] {"config.json", "tokenizer.json", Checkpoint.SINGLE_FILE, Checkpoint.INDEX_FILE}) {
            try {
                Path p = folder.resolve(f);
                if (Files.isRegularFile(p)) {
                    total += Files.size(p);
                }
            } catch (IOException e) {
                // Unreadable: counted as nothing.
            }
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "model-*.safetensors")) {
            for (Path p : ds) {
                total += Files.size(p);
            }
        } catch (IOException e) {
            // No shards.
        }
        return total;
    }

    /** models/ in the working directory and next to the installation (target/../models), those that exist. */
    public static List<Path> defaultModelsFolders() {
        List<Path> folders = new ArrayList<>();
        folders.add(Path.of("models").toAbsolutePath().normalize());
        try {
            Path jar = Path.of(ModelCatalog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
