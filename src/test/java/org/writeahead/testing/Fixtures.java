package org.writeahead.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The tiny random GPT-2 and its expected outputs from an independent float64 reference. */
public final class Fixtures {

    public static final Path TINY_GPT2 = Path.of("src/test/resources/fixtures/tiny-gpt2");
    public static final Path GPT2_TOKENIZER = Path.of("src/test/resources/fixtures/gpt2-tokenizer/tokenizer.json");

    /** The commit of {@link #pythonHubCache}'s snapshot. */
    public static final String PY_COMMIT = "607a30d783dfa663caf39e06633721c8d4cfcd7e";

    private Fixtures() {}

    /** A cache as Python's huggingface_hub leaves it after {@code from_pretrained("gpt2")}: the old id, links into blobs. */
    public static Path pythonHubCache(Path root) throws Exception {
        Path repo = root.resolve("models--gpt2");
        Path snapshot = Files.createDirectories(repo.resolve("snapshots").resolve(PY_COMMIT));
        Files.createDirectories(repo.resolve("blobs"));
        for (String f : new String[] {"config.json", "tokenizer.json", "model.safetensors"}) {
            byte[] bytes = Files.readAllBytes(Fixtures.TINY_GPT2.resolve(f));
            String etag = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            Files.write(repo.resolve("blobs").resolve(etag), bytes);
            Files.createSymbolicLink(snapshot.resolve(f), Path.of("../../blobs/" + etag));
        }
        // Python also keeps files WriteAhead ignores, and an unrelated older snapshot.
        Files.createDirectories(repo.resolve("snapshots/0000000000000000000000000000000000000000"));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), PY_COMMIT);
        Files.createDirectories(root.resolve(".locks/models--gpt2"));
        return snapshot;
    }

    /** One prompt of expected.json. */
    public record Case(String prompt, int[] ids, int[] top10Ids, double[] top10Logits, double logsumexp, double mean, int[] greedyIds) {}

    public static List<Case> cases() throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(TINY_GPT2.resolve("expected.json"))).getAsJsonObject();
        List<Case> out = new ArrayList<>();
        for (JsonElement e : json.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            out.add(new Case(c.get("prompt").getAsString(), ints(c.getAsJsonArray("ids")), ints(c.getAsJsonArray("top10_ids")),
                    doubles(c.getAsJsonArray("top10_logits")), c.get("logsumexp").getAsDouble(), c.get("mean").getAsDouble(),
                    ints(c.getAsJsonArray("greedy_ids"))));
        }
        return out;
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    private static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    public static double logSumExp(float[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : values) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }
}
