package org.writeahead.generate;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.writeahead.weights.CheckpointException;

/**
 * The sampling settings a model folder recommends in its Hugging Face
 * {@code generation_config.json} ({@code temperature}, {@code top_k}, {@code top_p},
 * {@code repetition_penalty}), used where the user set nothing.
 *
 * <p>A small model sounds much better a little cooler than temperature 1, and this is where its
 * trainer says so, as Python's transformers reads it too. {@code do_sample} is ignored on purpose:
 * Hugging Face's default for it is greedy, but a writing aid always samples several candidates.
 * A folder without the file gets {@link SamplingParams#defaults()}.
 */
public final class GenerationDefaults {

    public static final String FILE = "generation_config.json";

    private GenerationDefaults() {}

    /** The folder's recommended sampling, falling back field by field to the built-in defaults. */
    public static SamplingParams read(Path modelFolder) throws CheckpointException {
        SamplingParams base = SamplingParams.defaults();
        Path file = modelFolder.resolve(FILE);
        JsonObject json;
        try {
            json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (NoSuchFileException e) {
            return base;
        } catch (JsonParseException e) {
            throw new CheckpointException(file + ": " + org.writeahead.io.JsonProblems.describe(e));
        } catch (IOException | IllegalStateException e) {
            throw new CheckpointException(file + ": not a readable JSON object (" + e.getMessage() + ")");
        }
        try {
            return new SamplingParams(
                    number(json, "temperature", base.temperature()),
                    (int) number(json, "top_k", base.topK()),
                    number(json, "top_p", base.topP()),
                    number(json, "repetition_penalty", base.repetitionPenalty()),
                    false);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + ": " + e.getMessage());
        }
    }

    private static double number(JsonObject json, String key, double fallback) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            return fallback;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(key + " must be a number, got " + value);
        }
        return value.getAsDouble();
    }
}
