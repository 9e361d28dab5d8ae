package org.writeahead.tokenize;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Builds a {@code tokenizer.json} from the two files of GPT-2's "slow" tokenizer, for a
 * repository that has only those: {@code vocab.json} (token → id) and {@code merges.txt} (a
 * {@code #version} line, then one {@code "left right"} merge per line). Everything else —
 * byte-level pre-tokenizer, decoder, post-processor — is GPT-2's, taken from the tokenizer.json
 * bundled in WriteAhead, whose {@code model.merges} uses the same {@code "left right"} strings.
 * The end-of-text token, when the vocabulary has it, becomes the special added token.
 */
public final class TokenizerJson {

    private static final String TEMPLATE = "/org/writeahead/gpt2/tokenizer.json";
    private static final String EOS = "<|endoftext|>";

    private TokenizerJson() {}

    public static void build(Path vocabJson, Path mergesTxt, Path tokenizerJson) throws IOException {
        JsonObject vocab;
        try {
            JsonElement parsed = JsonParser.parseString(Files.readString(vocabJson, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject() || parsed.getAsJsonObject().size() == 0) {
                throw new IOException(vocabJson + ": not a token → id object");
            }
            vocab = parsed.getAsJsonObject();
            for (Map.Entry<String, JsonElement> e : vocab.entrySet()) {
                e.getValue().getAsInt();
            }
        } catch (JsonParseException | IllegalStateException | NumberFormatException | UnsupportedOperationException e) {
            throw new IOException(vocabJson + ": not valid JSON vocabulary (" + e.getMessage() + ")");
        }
        JsonArray merges = new JsonArray();
        int lineNumber = 0;
        for (String line : Files.readAllLines(mergesTxt, StandardCharsets.UTF_8)) {
            lineNumber++;
            if (line.isEmpty() || (lineNumber == 1 && line.startsWith("#version"))) {
                continue;
            }
            String[] parts = line.split(" ", -1);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new IOException(mergesTxt + ": line " + lineNumber + " is not a merge (\"left right\")");
            }
            merges.add(line);
        }

        JsonObject json;
        try (InputStream in = TokenizerJson.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IOException("GPT-2's tokenizer.json is missing from WriteAhead's jar");
            }
            json = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
        JsonObject model = json.getAsJsonObject("model");
        model.add("vocab", vocab);
        model.add("merges", merges);
        JsonArray added = new JsonArray();
        if (vocab.has(EOS)) {
            JsonObject eos = new JsonObject();
            eos.addProperty("id", vocab.get(EOS).getAsInt());
            eos.addProperty("content", EOS);
            eos.addProperty("single_word", false);
            eos.addProperty("lstrip", false);
            eos.addProperty("rstrip", false);
            eos.addProperty("normalized", true);
            eos.addProperty("special", true);
            added.add(eos);
        }
        json.add("added_tokens", added);

        Path tmp = tokenizerJson.resolveSibling("." + tokenizerJson.getFileName() + ".tmp");
        Files.writeString(tmp, json.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, tokenizerJson, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
