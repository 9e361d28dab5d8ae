package org.writeahead.document;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.writeahead.io.AtomicFiles;
import org.writeahead.io.TextFiles;

/**
 * Unsaved work, kept in a folder of the user's data directory so that a crash or a {@code kill -9}
 * loses at most a few seconds of typing. Each open editor has one slot: {@code ID.txt} holds the
 * text, {@code ID.json} says which file it belongs to, when it was written and which process wrote
 * it. A slot whose process is gone is a leftover that the next start offers to recover.
 */
public final class AutosaveStore {

    /** A slot left by a process that no longer runs. */
    public record Leftover(String id, Path file, Instant savedAt, int characters) {}

    private static final Gson GSON = new Gson();

    private final Path dir;

    public AutosaveStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** A fresh slot id for this editor. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Writes the slot: text first, then the note that makes it a complete slot, both atomically. */
    public void write(String id, String text, Path file) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(id + ".txt"), text.getBytes(StandardCharsets.UTF_8));
        JsonObject meta = new JsonObject();
        meta.addProperty("file", file == null ? null : file.toAbsolutePath().toString());
        meta.addProperty("savedAt", Instant.now().toString());
        meta.addProperty("pid", ProcessHandle.current().pid());
        meta.addProperty("processStart", processStart(ProcessHandle.current()).map(Instant::toString).orElse(null));
        meta.addProperty("characters", text.length());
        AtomicFiles.write(dir.resolve(id + ".json"), GSON.toJson(meta).getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the slot: the work was saved, or the user chose to discard it. */
    public void discard(String id) throws IOException {
        Files.deleteIfExists(dir.resolve(id + ".json"));
        Files.deleteIfExists(dir.resolve(id + ".txt"));
    }

    public String readText(String id) throws IOException {
        return TextFiles.read(dir.resolve(id + ".txt"));
    }

    /** Slots whose writer is no longer running, newest first. */
    public List<Leftover> leftovers() {
        List<Leftover> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            for (Path metaFile : stream) {
                String name = metaFile.getFileName().toString();
                String id = name.substring(0, name.length() - ".json".length());
                if (!Files.isRegularFile(dir.resolve(id + ".txt"))) {
                    continue;
                }
                try {
                    JsonObject meta = JsonParser.parseString(Files.readString(metaFile, StandardCharsets.UTF_8)).getAsJsonObject();
                    if (isRunning(meta)) {
                        continue;
                    }
                    Path file = meta.has("file") && !meta.get("file").isJsonNull() ? Path.of(meta.get("file").getAsString()) : null;
                    Instant savedAt = Instant.parse(meta.get("savedAt").getAsString());
                    int characters = meta.has("characters") ? meta.get("characters").getAsInt() : 0;
                    out.add(new Leftover(id, file, savedAt, characters));
                } catch (IOException | JsonParseException | IllegalStateException | UnsupportedOperationException
                        | java.time.format.DateTimeParseException e) {
                    // A note we cannot read is not worth failing the start over; it stays on disk.
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing(Leftover::savedAt).reversed());
        return out;
    }

    /** The writer still runs if a process with its pid and its start time exists (pids are reused). */
    private static boolean isRunning(JsonObject meta) {
        long pid = meta.get("pid").getAsLong();
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        String recorded = meta.has("processStart") && !meta.get("processStart").isJsonNull() ? meta.get("processStart").getAsString() : null;
        Optional<Instant> start = processStart(handle.get());
        return recorded == null || start.isEmpty() || start.get().toString().equals(recorded);
    }

    private static Optional<Instant> processStart(ProcessHandle handle) {
        return handle.info().startInstant();
    }
}
