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

    private Fixtures() {}

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
