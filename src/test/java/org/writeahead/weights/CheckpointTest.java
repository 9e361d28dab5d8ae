package org.writeahead.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    static final Path FIXTURE_DIR = Path.of("src/test/resources/fixtures/tiny-gpt2");
    static final String SHARD1 = "model-00001-of-00002.safetensors";
    static final String SHARD2 = "model-00002-of-00002.safetensors";

    /** Fixture split into two shards plus an index, built once (wte alone is 6 MB). */
    @TempDir
    static Path shared;
    static Path sharded;

    @TempDir
    Path dir;

    @BeforeAll
    static void splitFixture() throws IOException {
        sharded = shared.resolve("sharded");
        Files.createDirectories(sharded);
        Map<String, TensorData> first = new LinkedHashMap<>();
        Map<String, TensorData> second = new LinkedHashMap<>();
        Map<String, String> weightMap = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(FIXTURE_DIR.resolve("model.safetensors"))) {
            int i = 0;
            for (TensorInfo t : f.tensors().values()) {
                boolean one = i++ < 10;
                (one ? first : second).put(t.name(), new TensorData(t.dtype(), t.shape(), f.floats(t.name())));
                weightMap.put(t.name(), one ? SHARD1 : SHARD2);
            }
        }
        SafetensorsWriter.write(sharded.resolve(SHARD1), first, Map.of("format", "pt"));
        SafetensorsWriter.write(sharded.resolve(SHARD2), second, Map.of("format", "pt"));
        SafetensorsWriter.writeIndex(sharded, weightMap, 6542976L);
    }

    private static CheckpointException openFails(Path folder) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.open(folder));
        assertFalse(e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
        return e;
    }

    private static void copyShards(Path to) throws IOException {
        try (var s = Files.list(sharded)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    @Test
    void singleFileCheckpoint() throws IOException {
        try (Checkpoint c = Checkpoint.open(FIXTURE_DIR)) {
            assertEquals(FIXTURE_DIR, c.folder());
            assertEquals(28, c.names().size());
            assertEquals("wte.weight", c.names().iterator().next());
            assertTrue(c.has("h.0.attn.c_attn.weight"));
            assertFalse(c.has("transformer.h.0.attn.c_attn.weight"));
            assertArrayEquals(new long[] {32, 96}, c.info("h.0.attn.c_attn.weight").shape());
            // 50257*32 + 64*32 + 2 layers of (4*32 + 32*96+96 + 32*32+32 + 32*128+128 + 128*32+32) + 2*32
            long perLayer = 4 * 32 + 32 * 96 + 96 + 32 * 32 + 32 + 32 * 128 + 128 + 128 * 32 + 32;
            assertEquals(50257L * 32 + 64 * 32 + 2 * perLayer + 2 * 32, c.totalParameters());
            assertEquals(c.totalParameters() * 4, c.totalBytes());
            assertEquals(6542976L, c.totalBytes());
            ByteBuffer b = c.float32("ln_f.weight");
            assertTrue(b.isDirect());
            assertEquals(32 * 4, b.remaining());
            assertEquals(32, c.floats("ln_f.bias").length);
            CheckpointException e = assertThrows(CheckpointException.class, () -> c.info("nope"));
            assertTrue(e.getMessage().contains("no tensor named nope"));
            assertThrows(CheckpointException.class, () -> c.float32("nope"));
        }
    }

    @Test
    void shardedCheckpointHasSameValues() throws IOException {
        try (Checkpoint one = Checkpoint.open(FIXTURE_DIR); Checkpoint two = Checkpoint.open(sharded)) {
            assertEquals(new ArrayList<>(one.names()), new ArrayList<>(two.names()));
            assertEquals(one.totalParameters(), two.totalParameters());
            assertEquals(one.totalBytes(), two.totalBytes());
            assertEquals(sharded.resolve(SHARD1), two.info("wte.weight").file());
            assertEquals(sharded.resolve(SHARD2), two.info("h.1.mlp.c_proj.bias").file());
            for (String name : one.names()) {
                assertArrayEquals(one.info(name).shape(), two.info(name).shape(), name);
                assertArrayEquals(one.floats(name), two.floats(name), name);
            }
        }
    }

    @Test
    void singleFileWinsOverIndex() throws IOException {
        copyShards(dir);
        Files.copy(FIXTURE_DIR.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertEquals(dir.resolve("model.safetensors"), c.info("wte.weight").file());
        }
    }

    @Test
    void missingShard() throws IOException {
        copyShards(dir);
        Files.delete(dir.resolve(SHARD2));
        assertEquals("model.safetensors.index.json: shard model-00002-of-00002.safetensors is missing",
                openFails(dir).getMessage());
    }

    @Test
    void tensorMissingFromShard() throws IOException {
        copyShards(dir);
        Map<String, String> map = new LinkedHashMap<>();
        map.put("wte.weight", SHARD1);
        map.put("lm_head.weight", SHARD2);
        SafetensorsWriter.writeIndex(dir, map, 0);
        assertEquals("model.safetensors.index.json: tensor lm_head.weight should be in shard " + SHARD2
                + " but that shard does not contain it", openFails(dir).getMessage());
    }

    @Test
    void shardNamesMustStayInFolder() throws IOException {
        for (String bad : List.of("../model.safetensors", "sub/x.safetensors", "..\\x.safetensors", "/etc/passwd")) {
            Path folder = Files.createDirectories(dir.resolve("f" + bad.hashCode()));
            SafetensorsWriter.writeIndex(folder, Map.of("wte.weight", bad), 0);
            assertTrue(openFails(folder).getMessage().contains("is not a plain file name"), bad);
        }
    }

    @Test
    void brokenIndex() throws IOException {
        Files.writeString(dir.resolve(Checkpoint.INDEX_FILE), "{not json");
        assertTrue(openFails(dir).getMessage().startsWith("model.safetensors.index.json: is not valid JSON"));
        Files.writeString(dir.resolve(Checkpoint.INDEX_FILE), "{\"metadata\":{}}");
        assertEquals("model.safetensors.index.json: has no weight_map object", openFails(dir).getMessage());
    }

    @Test
    void pickleOnlyFolderIsRefused() throws IOException {
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
        Files.writeString(dir.resolve("config.json"), "{}");
        assertEquals(dir + " has only pytorch_model.bin: pickle checkpoints are refused because loading"
                + " them can run code; convert it to model.safetensors", openFails(dir).getMessage());
    }

    @Test
    void otherPickleNamesAreRefused() throws IOException {
        Files.write(dir.resolve("model.ckpt"), new byte[] {1});
        assertTrue(openFails(dir).getMessage().startsWith(dir + " has only model.ckpt: pickle checkpoints are refused"));
    }

    @Test
    void emptyFolder() {
        assertEquals(dir + " has no model.safetensors", openFails(dir).getMessage());
    }

    @Test
    void missingOrNotAFolder() throws IOException {
        Path missing = dir.resolve("gone");
        assertEquals(missing + ": checkpoint folder does not exist", openFails(missing).getMessage());
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertEquals(file + ": is a file, not a checkpoint folder", openFails(file).getMessage());
    }

    @Test
    void corruptSingleFileReportsFileName() throws IOException {
        byte[] all = Files.readAllBytes(FIXTURE_DIR.resolve("model.safetensors"));
        Files.write(dir.resolve("model.safetensors"), java.util.Arrays.copyOf(all, all.length - 100));
        CheckpointException e = openFails(dir);
        assertTrue(e.getMessage().startsWith("model.safetensors: file is truncated"), e.getMessage());
    }
}
