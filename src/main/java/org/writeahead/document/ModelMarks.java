package org.writeahead.document;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.writeahead.io.AtomicFiles;

/**
 * Which parts of a document the model wrote, kept in a small hidden file next to it
 * ({@code .story.txt.writeahead-marks.json}) so that the document itself stays plain text. The
 * marks carry a hash of the text they belong to: if the file was changed by another program, they
 * no longer fit and are dropped rather than painted on the wrong words.
 */
public final class ModelMarks {

    /** Characters {@code [start, end)} were written by the model. */
    public record Range(int start, int end) {
        public Range {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
            }
        }
    }

    private ModelMarks() {}

    public static Path sidecar(Path file) {
        Path abs = file.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".writeahead-marks.json");
    }

    /** Writes the marks of {@code text} saved as {@code file}; no marks, no sidecar. */
    public static void save(Path file, String text, List<Range> ranges) throws IOException {
        Path sidecar = sidecar(file);
        if (ranges.isEmpty()) {
            Files.deleteIfExists(sidecar);
            return;
        }
        JsonObject json = new JsonObject();
        json.addProperty("version", 1);
        json.addProperty("textLength", text.length());
        json.addProperty("textSha256", sha256(text));
        JsonArray array = new JsonArray();
        for (Range r : ranges) {
            JsonArray pair = new JsonArray();
            pair.add(r.start());
            pair.add(r.end());
            array.add(pair);
        }
        json.add("ranges", array);
        AtomicFiles.write(sidecar, json.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The marks saved for exactly this text of {@code file}, or none. */
    public static List<Range> load(Path file, String text) {
        Path sidecar = sidecar(file);
        List<Range> out = new ArrayList<>();
        if (!Files.isRegularFile(sidecar)) {
            return out;
        }
        try {
            JsonObject json = JsonParser.parseString(Files.readString(sidecar, StandardCharsets.UTF_8)).getAsJsonObject();
            if (json.get("textLength").getAsInt() != text.length() || !json.get("textSha256").getAsString().equals(sha256(text))) {
                return out;
            }
            for (JsonElement e : json.getAsJsonArray("ranges")) {
                JsonArray pair = e.getAsJsonArray();
                Range r = new Range(pair.get(0).getAsInt(), pair.get(1).getAsInt());
                if (r.end() <= text.length()) {
                    out.add(r);
                }
            }
        } catch (IOException | RuntimeException e) {
            out.clear();
        }
        return out;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
