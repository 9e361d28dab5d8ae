package org.writeahead.weights;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code model.safetensors.index.json}: the {@code weight_map} from tensor name to shard file
 * name. Shard names are checked to be plain file names, so a hostile index cannot make us open
 * files outside the checkpoint folder.
 */
public final class ShardIndex {
    private ShardIndex() {}

    /** Tensor name to shard file name, in the index's order. */
    public static Map<String, String> read(Path indexFile) throws CheckpointException {
        String label = SafetensorsHeader.label(indexFile);
        String text;
        try {
            text = Files.readString(indexFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CheckpointException(label + ": cannot be read (" + e.getMessage() + ")", e);
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new CheckpointException(label + ": is not valid JSON", e);
        }
        JsonElement mapJson = root.isJsonObject() ? root.getAsJsonObject().get("weight_map") : null;
        if (mapJson == null || !mapJson.isJsonObject()) {
            throw new CheckpointException(label + ": has no weight_map object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : ((JsonObject) mapJson).entrySet()) {
            JsonElement v = e.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new CheckpointException(label + ": weight_map entry " + e.getKey() + " is not a file name");
            }
            String shard = v.getAsString();
            if (!isPlainFileName(shard)) {
                throw new CheckpointException(label + ": shard name \"" + shard + "\" for tensor " + e.getKey()
                        + " is not a plain file name in the checkpoint folder");
            }
            out.put(e.getKey(), shard);
        }
        if (out.isEmpty()) {
            throw new CheckpointException(label + ": weight_map is empty");
        }
        return Collections.unmodifiableMap(out);
    }

    static boolean isPlainFileName(String name) {
        return !name.isEmpty() && !name.contains("/") && !name.contains("\\") && !name.contains("..")
                && !name.contains(":") && !name.contains("\0");
    }
}
