package org.writeahead.settings;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.writeahead.engine.DeviceChoice;
import org.writeahead.io.AtomicFiles;

/**
 * Settings and the recent files, as one small JSON file ({@code settings.json} in the config
 * directory). A missing, corrupt or out-of-range file gives the defaults for what cannot be read,
 * never a failed start.
 */
public final class SettingsStore {

    public static final int MAX_RECENT = 10;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    private static final String GPT2_BAR_DISMISSED = "gpt2BarDismissed";

    private final Path file;
    private String problem; // why the last load could not read the file, or null

    public SettingsStore(Path configDir) {
        this.file = configDir.resolve("settings.json");
    }

    public Path file() {
        return file;
    }

    public Settings load() {
        JsonObject json = readJson();
        Settings d = Settings.defaults();
        try {
            return new Settings(
                    intOr(json, "suggestions", d.suggestions()),
                    intOr(json, "lengthTokens", d.lengthTokens()),
                    doubleOr(json, "temperature", d.temperature()),
                    intOr(json, "topK", d.topK()),
                    doubleOr(json, "topP", d.topP()),
                    doubleOr(json, "repetitionPenalty", d.repetitionPenalty()),
                    doubleOr(json, "maxTimeSeconds", d.maxTimeSeconds()),
                    boolOr(json, "stopAtSentence", d.stopAtSentence()),
                    deviceOr(json, d.device()),
                    stringOr(json, "model", d.model()),
                    boolOr(json, "showMarks", d.showMarks()),
                    boolOr(json, "darkTheme", d.darkTheme()));
        } catch (IllegalArgumentException e) {
            problem = file.getFileName() + " has a value out of range (" + e.getMessage() + "); the defaults are used";
            return d;
        }
    }

    /**
     * Why the last {@link #load} fell back to defaults (a file that is not JSON, a value out of
     * range), for the editor to say once; null when the file was read or is simply not there yet.
     */
    public String problem() {
        return problem;
    }

    public void save(Settings s) throws IOException {
        JsonObject json = readJson();
        json.addProperty("suggestions", s.suggestions());
        json.addProperty("lengthTokens", s.lengthTokens());
        json.addProperty("temperature", s.temperature());
        json.addProperty("topK", s.topK());
        json.addProperty("topP", s.topP());
        json.addProperty("repetitionPenalty", s.repetitionPenalty());
        json.addProperty("maxTimeSeconds", s.maxTimeSeconds());
        json.addProperty("stopAtSentence", s.stopAtSentence());
        json.addProperty("device", s.device().name());
        json.addProperty("model", s.model());
        json.addProperty("showMarks", s.showMarks());
        json.addProperty("darkTheme", s.darkTheme());
        write(json);
    }

    /** Recent files, newest first. */
    public List<Path> recentFiles() {
        List<Path> out = new ArrayList<>();
        JsonElement recent = readJson().get("recent");
        if (recent != null && recent.isJsonArray()) {
            for (JsonElement e : recent.getAsJsonArray()) {
                if (e.isJsonPrimitive()) {
                    out.add(Path.of(e.getAsString()));
                }
            }
        }
        return out;
    }

    /** Puts {@code path} first in the recent files. */
    public List<Path> addRecent(Path path) throws IOException {
        Path abs = path.toAbsolutePath().normalize();
        List<Path> recent = recentFiles();
        recent.remove(abs);
        recent.add(0, abs);
        while (recent.size() > MAX_RECENT) {
            recent.remove(recent.size() - 1);
        }
        JsonObject json = readJson();
        JsonArray array = new JsonArray();
        recent.forEach(p -> array.add(p.toString()));
        json.add("recent", array);
        write(json);
        return recent;
    }

    /** Whether the user closed the editor's "Download GPT-2" bar for good. */
    public boolean gpt2BarDismissed() {
        return boolOr(readJson(), GPT2_BAR_DISMISSED, false);
    }

    /** Remembers that the "Download GPT-2" bar was closed; it is not shown again. */
    public void dismissGpt2Bar() throws IOException {
        JsonObject json = readJson();
        json.addProperty(GPT2_BAR_DISMISSED, true);
        write(json);
    }

    private JsonObject readJson() {
        problem = null;
        if (!Files.isRegularFile(file)) {
            return new JsonObject();
        }
        try {
            JsonElement parsed = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (parsed.isJsonObject()) {
                return parsed.getAsJsonObject();
            }
        } catch (IOException | RuntimeException e) {
            // Not JSON (or unreadable): said below.
        }
        // Keep the user's file before the next save overwrites it with the defaults.
        Path copy = file.resolveSibling(file.getFileName() + ".bad");
        try {
            Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            problem = file.getFileName() + " could not be read, so the default settings are used (the file is kept as " + copy.getFileName() + ")";
        } catch (IOException e) {
            problem = file.getFileName() + " could not be read, so the default settings are used";
        }
        return new JsonObject();
    }

    private void write(JsonObject json) throws IOException {
        AtomicFiles.write(file, GSON.toJson(json).getBytes(StandardCharsets.UTF_8));
    }

    private static int intOr(JsonObject json, String key, int fallback) {
        try {
            return json.has(key) ? json.get(key).getAsInt() : fallback;
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static double doubleOr(JsonObject json, String key, double fallback) {
        try {
            return json.has(key) ? json.get(key).getAsDouble() : fallback;
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static boolean boolOr(JsonObject json, String key, boolean fallback) {
        try {
            return json.has(key) ? json.get(key).getAsBoolean() : fallback;
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static String stringOr(JsonObject json, String key, String fallback) {
        try {
            return json.has(key) && !json.get(key).isJsonNull() ? json.get(key).getAsString() : fallback;
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static DeviceChoice deviceOr(JsonObject json, DeviceChoice fallback) {
        try {
            return json.has("device") ? DeviceChoice.parse(json.get("device").getAsString()) : fallback;
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
