package org.writeahead.model;

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
 * The hyper-parameters of a GPT-2 checkpoint, read from its Hugging Face {@code config.json}.
 *
 * <p>Only what the forward pass needs is kept. Options that change the arithmetic away from
 * plain GPT-2 (another activation, attention scaled by layer index, ...) are refused here rather
 * than silently computed wrong.
 */
public record Gpt2Config(
        int vocabSize,
        int nPositions,
        int nEmbd,
        int nLayer,
        int nHead,
        int nInner,
        float layerNormEpsilon,
        int eosTokenId) {

    public Gpt2Config {
        if (vocabSize <= 0 || nPositions <= 0 || nEmbd <= 0 || nLayer <= 0 || nHead <= 0 || nInner <= 0) {
            throw new IllegalArgumentException("GPT-2 sizes must be positive");
        }
        if (nEmbd % nHead != 0) {
            throw new IllegalArgumentException("n_embd " + nEmbd + " is not a multiple of n_head " + nHead);
        }
    }

    public int headDim() {
        return nEmbd / nHead;
    }

    /** Parameter count as Hugging Face reports it (tied head counted once). */
    public long parameterCount() {
        long c = nEmbd;
        long perLayer = 2 * 2 * c // ln_1, ln_2
                + c * 3 * c + 3 * c // c_attn
                + c * c + c // attn.c_proj
                + c * nInner + nInner // mlp.c_fc
                + (long) nInner * c + c; // mlp.c_proj
        return (long) vocabSize * c + (long) nPositions * c + nLayer * perLayer + 2 * c;
    }

    /** GPT-2's shape with the given sizes and the GPT-2 vocabulary, as a trainer starts one. */
    public static Gpt2Config of(int nLayer, int nEmbd, int nHead, int nPositions) {
        return new Gpt2Config(50257, nPositions, nEmbd, nLayer, nHead, 4 * nEmbd, 1e-5f, 50256);
    }

    /**
     * Writes {@code config.json} with the fields Hugging Face's GPT2Config writes, so that any
     * GPT-2 loader (transformers included) reads the folder.
     */
    public void write(Path configJson) throws IOException {
        JsonObject json = new JsonObject();
        com.google.gson.JsonArray architectures = new com.google.gson.JsonArray();
        architectures.add("GPT2LMHeadModel");
        json.add("architectures", architectures);
        json.addProperty("model_type", "gpt2");
        json.addProperty("activation_function", "gelu_new");
        json.addProperty("vocab_size", vocabSize);
        json.addProperty("n_positions", nPositions);
        json.addProperty("n_ctx", nPositions);
        json.addProperty("n_embd", nEmbd);
        json.addProperty("n_layer", nLayer);
        json.addProperty("n_head", nHead);
        if (nInner == 4 * nEmbd) {
            json.add("n_inner", com.google.gson.JsonNull.INSTANCE);
        } else {
            json.addProperty("n_inner", nInner);
        }
        json.addProperty("layer_norm_epsilon", Double.parseDouble(Float.toString(layerNormEpsilon)));
        json.addProperty("bos_token_id", eosTokenId);
        json.addProperty("eos_token_id", eosTokenId);
        json.addProperty("initializer_range", 0.02);
        json.addProperty("resid_pdrop", 0.1);
        json.addProperty("embd_pdrop", 0.1);
        json.addProperty("attn_pdrop", 0.1);
        json.addProperty("scale_attn_weights", true);
        json.addProperty("use_cache", true);
        json.addProperty("tie_word_embeddings", true);
        json.addProperty("torch_dtype", "float32");
        String text = new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n";
        Path tmp = configJson.resolveSibling(configJson.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, configJson, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static Gpt2Config read(Path configJson) throws CheckpointException {
        String name = configJson.getFileName().toString();
        JsonObject json;
        try {
            String text = Files.readString(configJson, StandardCharsets.UTF_8);
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new CheckpointException(configJson + ": not a JSON object");
            }
            json = parsed.getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new CheckpointException(configJson.getParent() + " has no config.json: not a Hugging Face model folder");
        } catch (JsonParseException e) {
            throw new CheckpointException(configJson + ": " + org.writeahead.io.JsonProblems.describe(e));
        } catch (IOException e) {
            throw new CheckpointException(configJson + ": cannot be read (" + oneLine(e) + ")");
        }
        String modelType = string(json, "model_type", null);
        if (modelType != null && !modelType.equals("gpt2")) {
            throw new CheckpointException(configJson + ": model_type is \"" + modelType
                    + "\"; WriteAhead runs GPT-2 models only");
        }
        if (modelType == null && !json.has("n_embd")) {
            throw new CheckpointException(configJson + ": not a GPT-2 config (no model_type, no n_embd)");
        }
        String activation = string(json, "activation_function", "gelu_new");
        if (!activation.equals("gelu_new") && !activation.equals("gelu_pytorch_tanh")) {
            throw new CheckpointException(configJson + ": activation_function \"" + activation
                    + "\" is not supported (GPT-2 uses gelu_new)");
        }
        refuseUnless(json, configJson, "scale_attn_weights", true);
        refuseUnless(json, configJson, "scale_attn_by_inverse_layer_idx", false);
        refuseUnless(json, configJson, "reorder_and_upcast_attn", false);
        try {
            int nEmbd = integer(json, "n_embd", configJson);
            int nPositions = json.has("n_positions") ? integer(json, "n_positions", configJson)
                    : integer(json, "n_ctx", configJson);
            JsonElement inner = json.get("n_inner");
            int nInner = inner == null || inner.isJsonNull() ? 4 * nEmbd : inner.getAsInt();
            float eps = json.has("layer_norm_epsilon") ? json.get("layer_norm_epsilon").getAsFloat() : 1e-5f;
            if (!(eps > 0) || eps > 1) {
                throw new CheckpointException(configJson + ": layer_norm_epsilon " + eps + " is out of range");
            }
            int eos = json.has("eos_token_id") && !json.get("eos_token_id").isJsonNull()
                    ? json.get("eos_token_id").getAsInt() : 50256;
            return new Gpt2Config(
                    integer(json, "vocab_size", configJson),
                    nPositions,
                    nEmbd,
                    integer(json, "n_layer", configJson),
                    integer(json, "n_head", configJson),
                    nInner,
                    eps,
                    eos);
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw new CheckpointException(configJson + ": " + oneLine(e));
        }
    }

    private static void refuseUnless(JsonObject json, Path file, String key, boolean expected) throws CheckpointException {
        JsonElement e = json.get(key);
        if (e != null && !e.isJsonNull() && e.getAsBoolean() != expected) {
            throw new CheckpointException(file + ": " + key + " = " + !expected + " is not supported");
        }
    }

    private static int integer(JsonObject json, String key, Path file) throws CheckpointException {
        JsonElement e = json.get(key);
        if (e == null || e.isJsonNull()) {
            throw new CheckpointException(file + ": missing \"" + key + "\"");
        }
        return e.getAsInt();
    }

    private static String string(JsonObject json, String key, String fallback) {
        JsonElement e = json.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsString();
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
