package org.writeahead.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.writeahead.testing.Fixtures;
import org.writeahead.weights.Checkpoint;
import org.writeahead.weights.CheckpointException;
import org.writeahead.weights.Dtype;
import org.writeahead.weights.SafetensorsWriter;
import org.writeahead.weights.TensorData;
import org.writeahead.weights.TensorInfo;

/**
 * The ways real GPT-2 checkpoints differ from the fixture (key prefix, untied head, half
 * precision, shards) each load and compute the same thing; broken ones fail with one clear line.
 */
class CheckpointVariantsTest {

    private static final int[] PROMPT = {15496, 11, 616, 3290, 318, 13779};
    private static Map<String, TensorData> original;
    private static float[] originalLogits;

    @TempDir
    Path dir;

    @BeforeAll
    static void readFixture() throws Exception {
        original = new LinkedHashMap<>();
        try (Checkpoint checkpoint = Checkpoint.open(Fixtures.TINY_GPT2)) {
            for (String name : checkpoint.names()) {
                TensorInfo info = checkpoint.info(name);
                original.put(name, new TensorData(Dtype.F32, info.shape(), checkpoint.floats(name)));
            }
        }
        originalLogits = logits(Fixtures.TINY_GPT2);
    }

    private static float[] logits(Path folder) throws CheckpointException {
        try (Gpt2Model model = Gpt2Model.load(folder, Device.cpu()); KvCache cache = model.newCache()) {
            return model.nextTokenLogits(new int[][] {PROMPT}, cache)[0];
        }
    }

    /** A model folder with the fixture's config and tokenizer and the given tensors. */
    private Path folder(String name, Map<String, TensorData> tensors) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.copy(Fixtures.TINY_GPT2.resolve("config.json"), folder.resolve("config.json"));
        Files.copy(Fixtures.TINY_GPT2.resolve("tokenizer.json"), folder.resolve("tokenizer.json"));
        if (tensors != null) {
            SafetensorsWriter.write(folder.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        }
        return folder;
    }

    private static Map<String, TensorData> transform(UnaryOperator<TensorData> each) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        original.forEach((k, v) -> out.put(k, each.apply(v)));
        return out;
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "logit " + i);
        }
    }

    private static void assertMatchesNaive(Path folder, float[] actual) throws Exception {
        try (Checkpoint checkpoint = Checkpoint.open(folder)) {
            double[] expected = new NaiveGpt2(folder, checkpoint).lastLogits(PROMPT);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4, "logit " + i);
            }
        }
    }

    @Test
    void transformerPrefixAndAttentionBuffersLoadTheSame() throws Exception {
        Map<String, TensorData> prefixed = new LinkedHashMap<>();
        original.forEach((k, v) -> prefixed.put("transformer." + k, v));
        // GPT2LMHeadModel checkpoints of older transformers versions carry these buffers.
        prefixed.put("transformer.h.0.attn.bias", new TensorData(Dtype.F32, new long[] {1, 1, 64, 64}, new float[64 * 64]));
        prefixed.put("transformer.h.0.attn.masked_bias", new TensorData(Dtype.F32, new long[] {}, new float[] {-1e4f}));
        assertClose(originalLogits, logits(folder("prefixed", prefixed)), 0);
    }

    @Test
    void anUntiedHeadIsUsedInsteadOfTheEmbeddings() throws Exception {
        Map<String, TensorData> untied = new LinkedHashMap<>(original);
        TensorData wte = original.get("wte.weight");
        float[] head = wte.values().clone();
        for (int i = 0; i < head.length; i++) {
            head[i] = head[i] * 0.5f + (i % 7) * 0.01f;
        }
        untied.put("lm_head.weight", new TensorData(Dtype.F32, wte.shape(), head));
        Path folder = folder("untied", untied);
        float[] got = logits(folder);
        assertMatchesNaive(folder, got);
        assertTrue(Math.abs(got[0] - originalLogits[0]) > 1e-3, "the untied head must change the logits");
    }

    @Test
    void float16AndBfloat16AreWidenedAndComputedInFloat32() throws Exception {
        for (Dtype dtype : new Dtype[] {Dtype.F16, Dtype.BF16}) {
            Path folder = folder(dtype.name(), transform(t -> new TensorData(dtype, t.shape(), t.values())));
            float[] got = logits(folder);
            assertMatchesNaive(folder, got);
            // Rounding the weights moves the logits only a little.
            assertClose(originalLogits, got, dtype == Dtype.F16 ? 0.05 : 0.5);
        }
    }

    @Test
    void aShardedCheckpointLoadsTheSame() throws Exception {
        Path folder = folder("sharded", null);
        Map<String, TensorData> first = new LinkedHashMap<>();
        Map<String, TensorData> second = new LinkedHashMap<>();
        Map<String, String> weightMap = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, TensorData> e : original.entrySet()) {
            boolean inFirst = i++ % 2 == 0;
            (inFirst ? first : second).put(e.getKey(), e.getValue());
            weightMap.put(e.getKey(), inFirst ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        }
        SafetensorsWriter.write(folder.resolve("model-00001-of-00002.safetensors"), first, Map.of());
        SafetensorsWriter.write(folder.resolve("model-00002-of-00002.safetensors"), second, Map.of());
        SafetensorsWriter.writeIndex(folder, weightMap, 0);
        assertClose(originalLogits, logits(folder), 0);

        Files.delete(folder.resolve("model-00002-of-00002.safetensors"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> logits(folder));
        assertTrue(e.getMessage().contains("model-00002-of-00002.safetensors is missing"), e.getMessage());
    }

    @Test
    void brokenCheckpointsFailWithOneClearLine() throws Exception {
        Path truncated = folder("truncated", null);
        byte[] bytes = Files.readAllBytes(Fixtures.TINY_GPT2.resolve("model.safetensors"));
        Files.write(truncated.resolve("model.safetensors"), java.util.Arrays.copyOf(bytes, bytes.length - 1000));
        assertMessage(truncated, "truncated");

        Path pickle = folder("pickle", null);
        Files.write(pickle.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
        assertMessage(pickle, "pickle");

        Map<String, TensorData> missing = new LinkedHashMap<>(original);
        missing.remove("h.1.mlp.c_fc.bias");
        assertMessage(folder("missing", missing), "tensor h.1.mlp.c_fc.bias is missing");

        Map<String, TensorData> misshaped = new LinkedHashMap<>(original);
        misshaped.put("h.0.attn.c_proj.weight", new TensorData(Dtype.F32, new long[] {16, 64}, new float[16 * 64]));
        assertMessage(folder("misshaped", misshaped), "h.0.attn.c_proj.weight has shape [16, 64], expected [32, 32]");

        Map<String, TensorData> extraLayer = new LinkedHashMap<>(original);
        extraLayer.put("h.2.ln_1.weight", original.get("h.0.ln_1.weight"));
        assertMessage(folder("extra", extraLayer), "more layers");

        Path bert = folder("bert", original);
        Files.writeString(bert.resolve("config.json"), "{\"model_type\": \"bert\", \"hidden_size\": 32}");
        assertMessage(bert, "bert");

        Path notJson = folder("notjson", original);
        Files.writeString(notJson.resolve("config.json"), "{ this is not json");
        assertMessage(notJson, "config.json");
    }

    private static void assertMessage(Path folder, String expected) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> logits(folder));
        assertTrue(e.getMessage().contains(expected), "message \"" + e.getMessage() + "\" should contain \"" + expected + "\"");
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
