package org.writeahead.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.writeahead.engine.MemoryFit;
import org.writeahead.engine.ModelCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models: the GPT-2 sizes (downloaded or not), the bundled model(s) and other GPT-2s in the hub cache.")
final class ModelsCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Option(names = "--n", defaultValue = "3", description = "Suggestions the memory figure allows for (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--json", description = "Print one JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        if (n < 1 || n > 16) {
            throw new UsageException("--n must be between 1 and 16, got " + n);
        }
        ModelCatalog catalog = cli.context().catalog();
        List<ModelCatalog.Entry> entries = catalog.list();
        MemoryFit.Available available = cli.context().memory().get();
        if (json) {
            JsonArray out = new JsonArray();
            for (ModelCatalog.Entry e : entries) {
                JsonObject o = new JsonObject();
                o.addProperty("name", e.name());
                o.addProperty("kind", e.kind().name().toLowerCase(Locale.ROOT));
                if (e.repo() != null) {
                    o.addProperty("repo", e.repo());
                }
                o.addProperty("parameters", e.parameters());
                o.addProperty("download_bytes", e.downloadBytes());
                o.addProperty("memory_bytes", e.memoryBytes(n));
                o.addProperty("fits", fit(e, available).toLowerCase(Locale.ROOT));
                o.addProperty("on_disk", e.onDisk());
                if (e.onDisk()) {
                    o.addProperty("path", e.path().toString());
                    o.addProperty("disk_bytes", e.diskBytes());
                }
                if (e.problem() != null) {
                    o.addProperty("problem", e.problem());
                }
                out.add(o);
            }
            System.out.println(Json.GSON.toJson(out));
            return 0;
        }
        String format = "%-14s %10s %9s %8s %5s %8s  %s";
        System.out.println(String.format(Locale.ROOT, format, "NAME", "PARAMETERS", "DOWNLOAD", "MEMORY", "FITS", "ON DISK", "PATH"));
        for (ModelCatalog.Entry e : entries) {
            System.out.println(String.format(Locale.ROOT, format, e.name(), parameters(e.parameters()),
                    e.kind() == ModelCatalog.Kind.HUB && e.downloadBytes() > 0 ? "~" + MemoryFit.gigabytes(e.downloadBytes()) : "-",
                    e.memoryBytes(n) < 0 ? "?" : MemoryFit.gigabytes(e.memoryBytes(n)), fit(e, available).toLowerCase(Locale.ROOT),
                    e.onDisk() ? "yes" : "no", e.onDisk() ? e.path() : e.problem() != null ? e.problem() : "").stripTrailing());
        }
        System.out.println();
        System.out.println("memory available: " + MemoryFit.gigabytes(available.available()) + " (" + available.source()
                + "); hub cache: " + catalog.cache().root());
        return 0;
    }

    private String fit(ModelCatalog.Entry e, MemoryFit.Available available) {
        if (e.config() == null) {
            return "?";
        }
        return switch (MemoryFit.check(e.name(), MemoryFit.estimate(e.config(), n), available, ModelCatalog.SIZES, n).verdict()) {
            case FITS -> "yes";
            case TIGHT -> "tight";
            case TOO_BIG -> "no";
        };
    }

    static String parameters(long p) {
        if (p < 0) {
            return "?";
        }
        if (p >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1fB", p / 1e9);
        }
        if (p >= 1_000_000L) {
            return Math.round(p / 1e6) + "M";
        }
        return Math.round(p / 1e3) + "K";
    }
}
